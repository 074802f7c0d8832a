// The CGM likelihood: the independent terms of the prediction-error decomposition must add up to
// the joint Gaussian density of autocorrelated sensor errors; the simulated sensor must have the
// stated SD and autocorrelation; reading selection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { det, inv } from 'mathjs';
import { createRng } from '../../../../src/twin/infer/index.js';
import {
  cgmCorrelation,
  likelihoodTerms,
  predictTerms,
  readingLogSd,
} from '../../../../src/twin/models/glucose/cgm-likelihood.js';
import { CGM_ERROR } from '../../../../src/twin/models/glucose/parameters.js';
import { selectReadings } from '../../../../src/twin/models/glucose/readings.js';
import { simulateCgm } from '../../../../src/twin/models/glucose/virtual-population.js';
import type { TimedReading } from '../../../../src/twin/models/glucose/readings.js';

const logNormalPdf = (x: number, m: number, sd: number): number =>
  -0.5 * Math.log(2 * Math.PI * sd * sd) - ((x - m) * (x - m)) / (2 * sd * sd);

describe('CGM likelihood (prediction-error decomposition)', () => {
  test('the terms add up to the joint Gaussian log-density of the readings', () => {
    const readings: TimedReading[] = [
      { timeMin: 0, mmolL: 7.9, source: 'cgm' },
      { timeMin: 15, mmolL: 8.6, source: 'cgm' },
      { timeMin: 40, mmolL: 9.8, source: 'capillary' },
      { timeMin: 45, mmolL: 10.4, source: 'cgm' },
      { timeMin: 105, mmolL: 8.1, source: 'cgm' },
      { timeMin: 300, mmolL: 6.2, source: 'cgm' },
    ];
    const lik = likelihoodTerms(readings);
    // Any model trajectory: plasma g and interstitial c at the distinct times.
    const g = lik.times.map((t) => 8 + Math.sin(t / 50));
    const c = lik.times.map((t) => 7.8 + Math.sin((t - 10) / 50));
    const pred = new Float64Array(lik.terms.length);
    predictTerms(lik, g, c, pred);
    let sum = 0;
    lik.measurements.forEach((m, i) => {
      const e = lik.errors[i]!;
      assert.ok(e.kind === 'additive');
      sum += logNormalPdf(m.value!, pred[i]!, e.sd);
    });
    // Joint: CGM log-readings ~ N(ln c, σ²·ρ(|Δt|)), capillary independent ~ N(ln g, σcap²).
    const cgm = readings.filter((r) => r.source === 'cgm');
    const cgmModel = cgm.map((r) => Math.log(c[lik.times.indexOf(r.timeMin)]!));
    const sigma = CGM_ERROR.logSd;
    const cov = cgm.map((a) =>
      cgm.map((b) => sigma * sigma * cgmCorrelation(Math.abs(a.timeMin - b.timeMin))),
    );
    const resid = cgm.map((r, i) => Math.log(r.mmolL) - cgmModel[i]!);
    const precision = inv(cov);
    let quad = 0;
    resid.forEach((ri, i) => resid.forEach((rj, j) => (quad += ri * precision[i]![j]! * rj)));
    let joint = -0.5 * (cgm.length * Math.log(2 * Math.PI) + Math.log(det(cov)) + quad);
    const cap = readings[2]!;
    joint += logNormalPdf(
      Math.log(cap.mmolL),
      Math.log(g[lik.times.indexOf(40)]!),
      readingLogSd('capillary'),
    );
    // Jacobian of z = ln y − ρ ln y_prev w.r.t. ln y is triangular with unit diagonal: same density.
    assert.ok(Math.abs(sum - joint) < 1e-9, `${sum} vs ${joint}`);
  });

  test('censored readings: M3 terms; every term conditioned on the last observed reading', () => {
    const lik = likelihoodTerms([
      { timeMin: 0, mmolL: 4, source: 'cgm' },
      { timeMin: 15, mmolL: 2.2, source: 'cgm', censored: 'below' },
      { timeMin: 30, mmolL: 3, source: 'cgm' },
      { timeMin: 45, mmolL: 22.2, source: 'cgm', censored: 'above' },
      { timeMin: 60, mmolL: 22.2, source: 'cgm', censored: 'above' }, // in the run, < 60 min: unused
    ]);
    const r15 = cgmCorrelation(15);
    const r30 = cgmCorrelation(30);
    assert.deepEqual(lik.measurements, [
      { value: Math.log(4) },
      { value: null, lloq: Math.log(2.2) - r15 * Math.log(4) },
      { value: Math.log(3) - r30 * Math.log(4) },
      { value: null, lloq: -(Math.log(22.2) - r15 * Math.log(3)) },
    ]);
    assert.deepEqual(
      lik.terms.map((t) => [t.prev, t.sign]),
      [
        [-1, 1],
        [0, 1],
        [0, 1],
        [2, -1],
      ],
    );
    const pred = new Float64Array(4);
    predictTerms(lik, [4, 2, 3, 20], [4, 2, 3, 20], pred);
    assert.ok(Math.abs(pred[3]! + (Math.log(20) - r15 * Math.log(3))) < 1e-12);
  });

  test('capillary readings read plasma glucose, independent of the CGM chain', () => {
    const lik = likelihoodTerms([
      { timeMin: 0, mmolL: 6, source: 'capillary' },
      { timeMin: 30, mmolL: 7, source: 'cgm' },
      { timeMin: 60, mmolL: 8, source: 'capillary' },
      { timeMin: 75, mmolL: 8.5, source: 'cgm' },
    ]);
    assert.deepEqual(
      lik.terms.map((t) => [t.interstitial, t.prev, t.rho]),
      [
        [false, -1, 0],
        [true, -1, 0],
        [false, -1, 0],
        [true, 1, cgmCorrelation(45)],
      ],
    );
  });

  test('simulated sensor error: log-SD σ and lag-1 correlation 0.7 at 15-min spacing', () => {
    const rng = createRng(3);
    const times = Array.from({ length: 20_000 }, (_, i) => i * 15);
    const y = simulateCgm(new Float64Array(times.length).fill(8), times, rng);
    const e = y.map((v) => Math.log(v / 8));
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    const sd = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / e.length);
    let lag = 0;
    for (let i = 1; i < e.length; i++) lag += (e[i]! - mean) * (e[i - 1]! - mean);
    const r1 = lag / (e.length - 1) / sd ** 2;
    assert.ok(Math.abs(sd / CGM_ERROR.logSd - 1) < 0.03, `sd ${sd}`);
    assert.ok(Math.abs(r1 - 0.7) < 0.02, `lag-1 correlation ${r1}`);
    // σ matches a MARD of 9.8 % (Shah 2018): E|e| = σ·√(2/π).
    assert.ok(Math.abs(CGM_ERROR.logSd * Math.sqrt(2 / Math.PI) - 0.098) < 1e-12);
  });
});

describe('reading selection', () => {
  const at = (min: number): string =>
    new Date(Date.UTC(2026, 0, 1, 6) + min * 60_000).toISOString();

  test('CGM thinned to 15-min spacing, display limits censored, window before the last reading', () => {
    const readings = [
      { time: at(-30 * 60), mmolL: 9, source: 'cgm' as const }, // outside a 24 h window
      ...Array.from({ length: 13 }, (_, i) => ({
        time: at(i * 5),
        mmolL: 8 + i * 0.1,
        source: 'cgm' as const,
      })),
      { time: at(72), mmolL: 5.5, source: 'capillary' as const },
      { time: at(75), mmolL: 2.2, source: 'cgm' as const }, // "LO"
    ];
    const s = selectReadings(readings, 24);
    assert.equal(s.originMs, Date.parse(at(0)));
    assert.deepEqual(
      s.readings.map((r) => [r.timeMin, r.source, r.censored ?? '']),
      [
        [0, 'cgm', ''],
        [15, 'cgm', ''],
        [30, 'cgm', ''],
        [45, 'cgm', ''],
        [60, 'cgm', ''],
        [72, 'capillary', ''],
        [75, 'cgm', 'below'],
      ],
    );
    assert.equal(s.notes.length, 1);
  });

  test('the origin is the first reading within range; "HI" and "<" comparators are limits', () => {
    const s = selectReadings(
      [
        { time: at(0), mmolL: 25, source: 'cgm' },
        { time: at(30), mmolL: 18, source: 'cgm' },
        { time: at(60), mmolL: 3, source: 'capillary', comparator: '<' },
      ],
      24,
    );
    assert.equal(s.originMs, Date.parse(at(30)));
    assert.deepEqual(
      s.readings.map((r) => [r.timeMin, r.mmolL, r.censored ?? '']),
      [
        [0, 18, ''],
        [30, 3, 'below'],
      ],
    );
  });
});
