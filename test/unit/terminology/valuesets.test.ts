import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { generatedValueSets, valueSetFile } from '../../../scripts/generate-valuesets.js';

const DIR = new URL('../../../terminology/', import.meta.url).pathname;

test('terminology/ValueSet-*.json are current with the ConceptMaps (run scripts/generate-valuesets.ts)', () => {
  const expected = generatedValueSets();
  const onDisk = readdirSync(DIR).filter((f) => f.startsWith('ValueSet-twin-'));
  assert.deepEqual(onDisk.sort(), [...expected.keys()].map(valueSetFile).sort());
  for (const [id, vs] of expected) {
    assert.deepEqual(JSON.parse(readFileSync(`${DIR}${valueSetFile(id)}`, 'utf8')), vs, id);
  }
});

test('creatinine is read under both 2160-0 and 38483-4; potassium under 2823-3 and 6298-4', () => {
  const sets = generatedValueSets();
  const codes = (id: string) =>
    sets.get(id)!.compose!.include.flatMap((i) => (i.concept ?? []).map((c) => c.code));
  assert.ok(
    ['2160-0', '38483-4'].every((c) => codes('twin-quantity-serum-creatinine').includes(c)),
  );
  assert.ok(['2823-3', '6298-4'].every((c) => codes('twin-quantity-potassium').includes(c)));
});
