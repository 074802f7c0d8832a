// Loads skip-list.md: the spec statements this suite does not test, each with a reasoned category.
import { readFileSync } from 'node:fs';

export const SKIP_LIST_URL = new URL('./skip-list.md', import.meta.url);

export const SKIP_CATEGORIES = [
  'client obligation',
  'deployment',
  'service agreement',
  'hook definition',
  'definition',
] as const;

export type SkipCategory = (typeof SKIP_CATEGORIES)[number];

export interface SkippedStatement {
  section: string;
  quote: string;
  category: SkipCategory;
  reason: string;
  /** 1-based line in skip-list.md. */
  line: number;
}

export class SkipListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkipListError';
  }
}

/** Splits a markdown table row on unescaped pipes; `\|` stays a literal pipe. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.replace(/\\\|/g, '|').trim());
}

export function loadSkipList(text = readFileSync(SKIP_LIST_URL, 'utf8')): SkippedStatement[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) =>
    /^\|\s*Section\s*\|\s*Statement\s*\|\s*Reason\s*\|/.test(l),
  );
  if (header < 0)
    throw new SkipListError('skip-list.md has no | Section | Statement | Reason | table');
  const out: SkippedStatement[] = [];
  for (let i = header + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const [section = '', quote = '', reasonCell = '', ...extra] = cells(lines[i]!);
    if (extra.length > 0) throw new SkipListError(`line ${i + 1}: unescaped | in a cell`);
    const category = SKIP_CATEGORIES.find((c) => reasonCell.startsWith(`${c}:`));
    if (!section || !quote || !category) {
      throw new SkipListError(
        `line ${i + 1}: needs a section, a quote and a reason starting with one of: ${SKIP_CATEGORIES.join(', ')}`,
      );
    }
    const reason = reasonCell.slice(category.length + 1).trim();
    if (reason.length < 10)
      throw new SkipListError(`line ${i + 1}: the reason must explain itself`);
    out.push({ section, quote, category, reason, line: i + 1 });
  }
  return out;
}
