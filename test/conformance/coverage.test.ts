// The suite's own bookkeeping: every SHALL / MUST / REQUIRED statement of the spec is tested
// (statements.ts) or skipped with a reason (skip-list.md), every quote is verbatim, and every
// catalogued statement has its test.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSkipList } from './skip-list.js';
import { normalise, quoteInSpec, specStatements } from './spec-statements.js';
import { S } from './statements.js';

const tested = Object.entries(S).flatMap(([key, s]) => s.quotes.map((quote) => ({ key, quote })));
const skipped = loadSkipList();

describe('conformance coverage of CDS Hooks 2.0.1', () => {
  test('the spec text yields its normative statements', () => {
    // A sanity floor: the extractor reading an empty or moved file must not pass vacuously.
    assert.ok(specStatements().length >= 100, `${specStatements().length} statements`);
  });

  test('every quote in statements.ts is verbatim in the spec', () => {
    const missing = tested.filter((t) => !quoteInSpec(t.quote));
    assert.deepEqual(missing, []);
  });

  test('every quote in skip-list.md is verbatim in the spec, with a reasoned category', () => {
    const missing = skipped.filter((s) => !quoteInSpec(s.quote)).map((s) => `line ${s.line}`);
    assert.deepEqual(missing, []);
  });

  test('every SHALL / MUST / REQUIRED statement is tested or skipped with a reason', () => {
    const quotes = [...tested.map((t) => t.quote), ...skipped.map((s) => s.quote)].map(normalise);
    const uncovered = specStatements()
      .filter((st) => !quotes.some((q) => st.text.includes(q)))
      .map((st) => `line ${st.line} [${st.section}] ${st.text}`);
    assert.deepEqual(uncovered, []);
  });

  test('no statement is both tested and skipped by the same words', () => {
    const testedQuotes = tested.map((t) => normalise(t.quote));
    const both = skipped.filter((s) => testedQuotes.some((q) => q.includes(normalise(s.quote))));
    assert.deepEqual(
      both.map((s) => s.quote),
      [],
    );
  });

  test('every catalogued statement is used by a test or suite file', () => {
    const dir = new URL('./', import.meta.url);
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts') || f.endsWith('.suite.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const unused = Object.keys(S).filter((key) => !new RegExp(`\\bS\\.${key}\\b`).test(sources));
    assert.deepEqual(unused, []);
  });
});
