// Writes test/scenarios/README.md from the catalogue:
//   npx tsx test/scenarios/write-readme.ts > test/scenarios/README.md && npx prettier --write test/scenarios/README.md
import { SCENARIOS } from './catalogue.js';
const esc = (s: string) => s.replace(/\|/g, '\\|');
const expected = (s: (typeof SCENARIOS)[number]) => {
  const parts = s.expect.map((e) => `${e.topic} (${[e.indicator].flat().join('/')})`);
  if (s.absent?.length) parts.push(`no ${s.absent.join(', ')}`);
  return parts.join('; ') || '—';
};
const lines = [
  '# Scenario suite',
  '',
  'Scripted patients run through the real service (`scenarios.test.ts`): each record sits in an',
  "in-process FHIR server, the EHR's hook carries the prefetch the service's own discovery templates",
  'ask for, and the answer must hold the cards a clinical pharmacist expects. Each scenario says why.',
  'Records are built by `record.ts` (real LOINC, RxNorm, SNOMED CT and UCUM codes); expectations',
  'live in `catalogue.ts`; `write-readme.ts` regenerates this list, and a test fails when a scenario is missing from it.',
  '',
  '| Scenario | Patient and order | Expected cards | Why |',
  '|---|---|---|---|',
  ...SCENARIOS.map(
    (s) => `| \`${s.id}\` | ${esc(s.title)} (${s.hook}) | ${esc(expected(s))} | ${esc(s.why)} |`,
  ),
  '',
];
process.stdout.write(lines.join('\n'));
