import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE, ServiceError } from '../../src/errors.js';

test('docs/error-codes.md documents every code with its status and issue code', () => {
  const doc = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    const row = new RegExp(
      `\\|\\s*\`${code}\`\\s*\\|\\s*${entry.status}\\s*\\|\\s*${entry.issueCode}\\s*\\|`,
    );
    assert.match(
      doc,
      row,
      `docs/error-codes.md lacks a row for ${code} (${entry.status}, ${entry.issueCode})`,
    );
  }
});

test('a ServiceError becomes an OperationOutcome with its code, diagnostics and location', () => {
  const outcome = new ServiceError('invalid-request', [
    { diagnostics: 'hookInstance is required', expression: 'hookInstance' },
  ]).toOperationOutcome();
  const issue = outcome.issue[0]!;
  assert.equal(issue.code, 'invalid');
  assert.equal(issue.details?.coding?.[0]?.code, 'invalid-request');
  assert.deepEqual(issue.expression, ['hookInstance']);
});
