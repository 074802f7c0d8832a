// Extracts every normative statement (a sentence or table row carrying SHALL, MUST or REQUIRED)
// from the CDS Hooks 2.0.1 spec text, so the coverage test can prove each one is either tested or
// listed in skip-list.md with a reason. Read at test time from ../shared/reference (never copied).
import { readFileSync } from 'node:fs';

export const SPEC_URL = new URL(
  '../../../shared/reference/cds-hooks-2.0.1-spec.md',
  import.meta.url,
);

export interface SpecStatement {
  /** The nearest headings, outermost first, e.g. `Discovery › Response`. */
  section: string;
  /** 1-based line in the spec file. */
  line: number;
  /** Normalised text (see `normalise`). */
  text: string;
}

const KEYWORD = /\b(SHALL|MUST|REQUIRED)\b/;

/** Strips Jekyll/markdown decoration so quotes can be written as plain prose and compared. */
export function normalise(text: string): string {
  return text
    .replace(/\{%\s*raw\s*%\}|\{%\s*endraw\s*%\}/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/[`*]/g, '')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits prose into sentences; abbreviations such as "e.g." are followed by lower case. */
function sentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z(])/);
}

let cachedText: string | undefined;

export function specText(): string {
  cachedText ??= readFileSync(SPEC_URL, 'utf8');
  return cachedText;
}

/** Every normative statement outside code blocks: prose sentences and whole table rows. */
export function specStatements(text = specText()): SpecStatement[] {
  const out: SpecStatement[] = [];
  const headings: string[] = [];
  let fenced = false;
  text.split('\n').forEach((raw, i) => {
    if (raw.trimStart().startsWith('```')) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    const heading = /^(#{3,6})\s+(.*)$/.exec(raw);
    if (heading) {
      const depth = heading[1]!.length - 3;
      headings.splice(depth, headings.length, normalise(heading[2]!));
      return;
    }
    const line = normalise(raw.replace(/^\s*(?:[-*]|>)\s+/, ''));
    if (!KEYWORD.test(line)) return;
    const section = headings.slice(-2).join(' › ');
    const isTableRow = raw.includes('|') && !raw.trimStart().startsWith('>');
    const parts = isTableRow ? [line] : sentences(line).filter((s) => KEYWORD.test(s));
    for (const part of parts) out.push({ section, line: i + 1, text: part });
  });
  return out;
}

/** True when `quote` (normalised) occurs in the spec (anywhere, normalised). */
export function quoteInSpec(quote: string): boolean {
  cachedNormalised ??= normalise(specText().replace(/\n/g, ' '));
  return cachedNormalised.includes(normalise(quote));
}
let cachedNormalised: string | undefined;
