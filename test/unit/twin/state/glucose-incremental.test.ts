// The glucose twin's state (twin-state.ts): a posterior fitted on a virtual patient's first 9 h of
// CGM and updated reading by reading to 12 h agrees with a full fit on all 12 h; unchanged data
// reuse the cache; a changed insulin record, a window grown past its bound and a reweighting whose
// effective sample size collapses each force a full fit; the closed-loop rule and the insulin plan
// update on a new CGM reading.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../../src/twin/infer/index.js';
import type { GlucoseInputs, GlucosePlan } from '../../../../src/twin/models/glucose/inputs.js';
import { predictGlucose } from '../../../../src/twin/models/glucose/predict.js';
import { personaliseGlucose } from '../../../../src/twin/models/glucose/twin.js';
import {
  personaliseGlucoseWithState,
  type StatefulGlucoseTwin,
} from '../../../../src/twin/models/glucose/twin-state.js';
import { virtualDay, virtualDayRecord } from '../../../../src/twin/models/glucose/virtual-day.js';
import { PosteriorCache } from '../../../../src/twin/state/posterior-cache.js';
import { createGlucoseRule } from '../../../../src/loop/glucose-rule.js';
import { basalRecord, planBasalInsulin } from '../../../../src/decide/insulin-plan.js';
import { setModelEventSink } from '../../../../src/observability/model-events.js';
import { openSqliteStore } from '../../../../src/store/sqlite-store.js';
import type { VitalReading } from '../../../../src/store/types.js';

const ORIGIN = Date.parse('2026-03-02T07:00:00Z');
const iso = (min: number): string => new Date(ORIGIN + min * 60_000).toISOString();

/** Seeded virtual pump user: 15-min CGM (the twin's spacing) for 12 h, three meals, a plan. */
function record(seed: number): { inputs: GlucoseInputs; plan: GlucosePlan } {
  const rng = createRng(seed);
  for (;;) {
    const day = virtualDay(rng, {
      mode: 'twin-prior',
      titration: 'patient',
      spacingMin: 15,
      observedH: 12,
    });
    if (day !== undefined) return virtualDayRecord(day, ORIGIN);
  }
}

const { inputs, plan } = record(5);
const upTo = (n: number, base: GlucoseInputs = inputs): GlucoseInputs => ({
  ...base,
  readings: base.readings.slice(0, n),
});
/** Readings 0–9 h (every 15 min). */
const FIRST = 37;
const SMALL = { draws: 300, seed: 1, windowH: 24 };

describe('glucose twin state: incremental update', () => {
  test('updating a 9-h fit reading by reading to 12 h agrees with a full fit on all 12 h', () => {
    // More importance samples than the default (600) so the Monte Carlo error, which sets the
    // tolerances, is small enough for the comparison to mean something.
    const options = { draws: 1000, seed: 1, windowH: 24, fit: { importanceSamples: 3000 } };
    const state = { cache: new PosteriorCache(), key: 'glucose:test' };
    assert.equal(personaliseGlucoseWithState(upTo(FIRST), options, state).path, 'full');
    let out: StatefulGlucoseTwin | undefined;
    for (let n = FIRST + 1; n <= inputs.readings.length; n++) {
      out = personaliseGlucoseWithState(upTo(n), options, state);
      // The dinner (10–11 h) and its bolus were recorded after the 9-h fit: appended, not changed.
      assert.equal(out.path, 'sequential', `reading ${n}: ${out.refitReason}`);
    }
    const incremental = out!.twin;
    const full = personaliseGlucose(inputs, options);
    assert.equal(incremental.readingsUsed, full.readingsUsed);
    assert.equal(incremental.lastReadingTime, full.lastReadingTime);
    assert.equal(incremental.originTime, full.originTime);

    // Tolerances from the Monte Carlo error of two independent posterior samples: n = the
    // harmonic combination of their effective sample sizes (Kish ESS of the importance weights,
    // times the update's ESS fraction for the incremental one); 3 standard errors of the
    // difference. A probability p: SE² = p(1−p)/n. A quantile x_q of the +6 h glucose: SE =
    // √(q(1−q)/n) / f(x_q), with the density f from a normal fitted to the full fit's 90 % band
    // (σ = (p95 − p05)/3.29).
    const ess = (t: typeof full) => Math.min(t.posterior.diagnostics.ess, t.posterior.draws.length);
    const n = 1 / (1 / ess(full) + 1 / ess(incremental));
    const a = predictGlucose(incremental, plan);
    const b = predictGlucose(full, plan);
    const i6 = b.hoursAhead.indexOf(6);
    const band = b.glucoseMmolL;
    const sigma = (band.p95[i6]! - band.p05[i6]!) / 3.29;
    const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / sigma;
    for (const [key, q, z] of [
      ['p05', 0.05, -1.645],
      ['p50', 0.5, 0],
      ['p95', 0.95, 1.645],
    ] as const) {
      const tolerance = (3 * Math.sqrt((q * (1 - q)) / n)) / density(z);
      const diff = Math.abs(a.glucoseMmolL[key][i6]! - band[key][i6]!);
      assert.ok(diff < tolerance, `+6 h ${key}: Δ ${diff} mmol/L, tolerance ${tolerance}`);
    }
    const p = (a.pBelow3_9MmolL24h + b.pBelow3_9MmolL24h) / 2;
    const tolerance = 3 * Math.sqrt((p * (1 - p)) / n);
    const diff = Math.abs(a.pBelow3_9MmolL24h - b.pBelow3_9MmolL24h);
    assert.ok(diff < tolerance, `P(< 3.9 mmol/L in 24 h): Δ ${diff}, tolerance ${tolerance}`);
  });

  test('unchanged readings reuse the cached posterior', () => {
    const state = { cache: new PosteriorCache(), key: 'glucose:test' };
    const first = personaliseGlucoseWithState(upTo(FIRST), SMALL, state);
    const again = personaliseGlucoseWithState(upTo(FIRST), SMALL, state);
    assert.equal(again.path, 'cached');
    assert.equal(again.twin.posterior, first.twin.posterior);
  });

  test('a changed insulin record, weight or old reading forces a full fit', () => {
    const state = { cache: new PosteriorCache(), key: 'glucose:test' };
    personaliseGlucoseWithState(upTo(FIRST), SMALL, state);
    const boluses = inputs.boluses.map((b, i) => (i === 0 ? { ...b, units: b.units + 2 } : b));
    const changedBolus = personaliseGlucoseWithState({ ...upTo(FIRST + 1), boluses }, SMALL, state);
    assert.equal(changedBolus.path, 'full');
    assert.equal(changedBolus.refitReason, 'changed');
    // The cache now holds the corrected record: the next reading updates it.
    const next = personaliseGlucoseWithState({ ...upTo(FIRST + 2), boluses }, SMALL, state);
    assert.equal(next.path, 'sequential');
    const heavier = personaliseGlucoseWithState(
      { ...upTo(FIRST + 3), boluses, weightKg: inputs.weightKg! + 10 },
      SMALL,
      state,
    );
    assert.equal(heavier.refitReason, 'changed');
    const readings = inputs.readings
      .slice(0, FIRST + 4)
      .map((r, i) => (i === 3 ? { ...r, mmolL: r.mmolL + 1 } : r));
    const corrected = personaliseGlucoseWithState(
      { ...inputs, readings, boluses, weightKg: inputs.weightKg! + 10 },
      SMALL,
      state,
    );
    assert.equal(corrected.refitReason, 'changed');
  });

  test('readings the fitted draws cannot explain collapse the ESS: full fit', () => {
    const state = { cache: new PosteriorCache(), key: 'glucose:test' };
    personaliseGlucoseWithState(upTo(FIRST), SMALL, state);
    // Glucose jumps to 16–17 mmol/L within 45 min with no meal recorded.
    const jump = [16, 16.5, 17].map((mmolL, i) => ({
      time: iso(555 + 15 * i),
      mmolL,
      source: 'cgm' as const,
    }));
    const out = personaliseGlucoseWithState(
      { ...inputs, readings: [...inputs.readings.slice(0, FIRST), ...jump] },
      SMALL,
      state,
    );
    assert.equal(out.path, 'full');
    assert.equal(out.refitReason, 'ess');
  });

  test('an anchored window past twice the fit window is refitted on the current window', () => {
    const state = { cache: new PosteriorCache(), key: 'glucose:test' };
    const options = { ...SMALL, windowH: 2.5 };
    const first = personaliseGlucoseWithState(upTo(FIRST), options, state);
    assert.equal(first.twin.originTime, iso(390)); // 9 h − 2.5 h
    // 6.5 h → 11.75 h: 5.25 h > 2 × 2.5 h.
    const out = personaliseGlucoseWithState(upTo(FIRST + 11), options, state);
    assert.equal(out.refitReason, 'window');
    assert.equal(out.twin.originTime, iso(705 - 150));
  });
});

describe('glucose twin state: the closed-loop rule', () => {
  test('a new CGM reading updates the cached posterior instead of refitting', async () => {
    const paths: string[] = [];
    setModelEventSink({
      fit: (model, _seconds, path) => {
        if (model === 'glucose') paths.push(path);
      },
      surrogateFallback: () => undefined,
      planCache: () => undefined,
    });
    const store = openSqliteStore(':memory:');
    const cgm = (min: number): VitalReading => ({
      patientId: 'p1',
      messageId: crypto.randomUUID(),
      deviceId: 'sensor',
      quantity: 'glucose',
      system: 'http://loinc.org',
      code: '105272-9',
      // A fasting night settling from 9 to 6 mmol/L.
      value: 6 + 3 * Math.exp(-min / 240),
      unit: 'mmol/L',
      effectiveTime: iso(min),
      receivedAt: iso(min),
    });
    const rule = createGlucoseRule(new PosteriorCache());
    try {
      await store.saveReadings(Array.from({ length: 33 }, (_, i) => cgm(15 * i)));
      assert.ok(await rule.evaluate(store, 'p1', new Date(iso(480))));
      await store.saveReadings([cgm(495)]);
      const updated = await rule.evaluate(store, 'p1', new Date(iso(495)));
      assert.ok(updated);
      assert.equal(updated.readingsUsed, 34);
      assert.deepEqual(paths, ['full', 'sequential']);
    } finally {
      setModelEventSink(undefined);
      await store.close();
    }
  });
});

describe('glucose twin state: the insulin plan', () => {
  test('a plan after a new reading updates the posterior the previous plan fitted', async () => {
    const uPerH = inputs.basal.kind === 'pump' ? inputs.basal.segments[0]!.unitsPerHour : 1;
    const ordered = { kind: 'pump' as const, amount: uPerH, dosesPerDay: 1 };
    const basal = basalRecord('pump', uPerH, 1);
    const state = { cache: new PosteriorCache(), key: 'glucose:insulin-plan:test' };
    const first = await planBasalInsulin({ ...upTo(FIRST), basal }, ordered, {}, state);
    assert.notEqual(first.twin.posterior.method, 'sequential');
    const next = await planBasalInsulin({ ...upTo(FIRST + 1), basal }, ordered, {}, state);
    assert.equal(next.twin.posterior.method, 'sequential');
    assert.equal(next.twin.readingsUsed, first.twin.readingsUsed + 1);
  });
});
