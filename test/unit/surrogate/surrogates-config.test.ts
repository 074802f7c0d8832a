// SURROGATES (src/config.ts): on by default, off on request, anything else refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config.js';

test('SURROGATES: on by default, off on request, anything else refused', () => {
  assert.equal(loadConfig({}).surrogates, 'on');
  assert.equal(loadConfig({ SURROGATES: 'off' }).surrogates, 'off');
  assert.throws(
    () => loadConfig({ SURROGATES: 'no' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /SURROGATES must be one of on, off/);
      return true;
    },
  );
});
