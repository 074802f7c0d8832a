// Switches and thresholds of src/config.ts: defaults, and anything else refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

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

test('MEAL_BOLUS_CARDS: off by default (held back until calibrated), on on request', () => {
  assert.equal(loadConfig({}).mealBolusCards, 'off');
  assert.equal(loadConfig({ MEAL_BOLUS_CARDS: 'on' }).mealBolusCards, 'on');
  assert.throws(
    () => loadConfig({ MEAL_BOLUS_CARDS: 'yes' }),
    /MEAL_BOLUS_CARDS must be one of on, off/,
  );
});

test('LOOP_BLOOD_PRESSURE_THRESHOLD: the warning level by default, a probability on request', () => {
  assert.equal(loadConfig({}).loopBloodPressureThreshold, 0.1);
  assert.equal(
    loadConfig({ LOOP_BLOOD_PRESSURE_THRESHOLD: '0.3' }).loopBloodPressureThreshold,
    0.3,
  );
  assert.throws(
    () => loadConfig({ LOOP_BLOOD_PRESSURE_THRESHOLD: '2' }),
    /LOOP_BLOOD_PRESSURE_THRESHOLD must be a probability/,
  );
});
