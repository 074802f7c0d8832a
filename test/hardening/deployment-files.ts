// Reading the deployment files for the static checks in deployment.test.ts: the Dockerfile as
// instructions by stage, compose.yaml (yaml), the environment variables the service reads, and the
// data folders its code opens relative to its own files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile's ARG defaults (before the first FROM) and its stages. */
export function dockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const joined = text.replace(/\\\n/g, ' ');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest) ?? [];
      stages.push({ name, from, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [name = '', value = ''] = rest.split('=');
      args.set(name, value);
    } else stages.at(-1)?.instructions.push({ keyword: upper, args: rest.replace(/\s+/g, ' ') });
  }
  return { args, stages };
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  stop_grace_period?: string;
}

export interface Compose {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

export const compose = (): Compose => parse(read('docker/compose.yaml')) as Compose;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every environment variable the service reads (`env.NAME`, `(env, 'NAME'`). */
export function configVariables(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of text.matchAll(/\benv,\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  return names;
}

/**
 * Top-level folders the service's code opens relative to its own file
 * (`new URL('../../terminology/', import.meta.url)`), excluding src/ itself.
 */
export function dataFolders(): Set<string> {
  const folders = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new URL\('([./]+[\w-]*)\/?[\w/-]*', import\.meta\.url\)/g)) {
      const target = relative(ROOT, resolve(dirname(file), m[1]!));
      const top = target.split('/')[0] ?? '';
      if (top !== '' && top !== 'src' && !top.startsWith('..')) folders.add(top);
    }
  }
  return folders;
}
