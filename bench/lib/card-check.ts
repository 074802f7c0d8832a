// Is a hook response the expected answer? Cards are compared on what a clinician reads (indicator,
// summary, detail), not on uuids, which are new on every call.
import type { CdsResponse } from '../../src/cds/types.js';
import type { LoadOutcome } from './load.js';

/** The part of a response that must not change between calls on the same record. */
export function cardsKey(response: CdsResponse): string {
  return JSON.stringify(response.cards.map((c) => [c.indicator, c.summary, c.detail ?? '']));
}

export function isExpected(body: string, expected: string): boolean {
  try {
    return cardsKey(JSON.parse(body) as CdsResponse) === expected;
  } catch {
    return false;
  }
}

function outcomeDiagnostics(body: string): string {
  try {
    const outcome = JSON.parse(body) as { issue?: { diagnostics?: string }[] };
    return (outcome.issue ?? []).map((i) => i.diagnostics ?? '').join('; ');
  } catch {
    return body.slice(0, 200); // not JSON: the start of the body
  }
}

const cardsOf = (key: string) => JSON.parse(key) as [string, string, string][];
const summaries = (key: string) =>
  cardsOf(key)
    .map((card) => card[1])
    .join(' / ');

/** The last line of the cards' detail that the expected cards do not have: cards end with what
 * the prediction is based on and what was assumed, which is what explains a difference. */
function lastNewLine(key: string, expected: string): string | undefined {
  const known = new Set(cardsOf(expected).flatMap((card) => card[2].split('\n')));
  return cardsOf(key)
    .flatMap((card) => card[2].split('\n'))
    .filter((line) => line.trim() !== '' && !known.has(line))
    .at(-1);
}

/** Notes on the first failures of a run: what the service said, or which card differed. */
export function describeProblems(label: string, o: LoadOutcome, expected: string): string[] {
  const notes: string[] = [];
  if (o.firstNon2xx) {
    const { status, body } = o.firstNon2xx;
    notes.push(
      `${label}: ${o.non2xx} non-2xx; the first was HTTP ${status}: ${outcomeDiagnostics(body)}`,
    );
  }
  if (o.firstUnexpected) {
    let got: string;
    try {
      const key = cardsKey(JSON.parse(o.firstUnexpected) as CdsResponse);
      const line = lastNewLine(key, expected);
      got = `"${summaries(key)}"${line ? ` (detail: "${line}")` : ''}`;
    } catch {
      got = o.firstUnexpected.slice(0, 200); // not a CDS response
    }
    notes.push(
      `${label}: ${o.unexpectedBodies} 2xx response(s) with a different card; the first said ${got} where full prefetch says "${summaries(expected)}"`,
    );
  }
  return notes;
}
