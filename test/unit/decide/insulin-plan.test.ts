// The basal insulin search's pure parts: candidate doses in usual ranges and steps, the ranking
// rule (acceptable hypoglycaemia risk first, then time in range), and the card's indicator.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  candidateAmounts,
  INSULIN_PLAN_DEFAULTS,
  rankCandidates,
  type CandidateOutcome,
} from '../../../src/decide/insulin-plan.js';
import { indicatorOf } from '../../../src/cds/services/insulin-card.js';

const band = (p50: number) => ({ p05: p50, p50, p95: p50 });
const outcome = (
  amount: number,
  pBelow3_9: number,
  tir: number,
  pBelow3_0 = 0,
): CandidateOutcome => ({
  amount,
  pBelow3_9,
  pBelow3_0,
  timeInRange: band(tir),
  lowestGlucose: band(5),
  draws: 100,
});

describe('candidateAmounts', () => {
  test('long-acting: whole units, 80–120 % of the ordered dose (ADA: 10–20 % steps), the ordered dose included', () => {
    const c = candidateAmounts(
      { kind: 'long-acting', amount: 16, dosesPerDay: 1 },
      INSULIN_PLAN_DEFAULTS.factors,
    );
    assert.deepEqual(c, [13, 14, 16, 18, 19]);
  });
  test('pump: 0.05 U/h steps, never below 0.05 U/h', () => {
    const c = candidateAmounts({ kind: 'pump', amount: 0.08, dosesPerDay: 1 }, [0.5, 1, 1.3]);
    assert.deepEqual(c, [0.05, 0.08, 0.1]);
  });
  test('a pen does not dial more than 80 units', () => {
    const c = candidateAmounts({ kind: 'long-acting', amount: 70, dosesPerDay: 1 }, [1, 1.3]);
    assert.deepEqual(c, [70, 80]);
  });
});

describe('rankCandidates', () => {
  const o = { acceptablePHypo: 0.1, tirTie: 0.02 };
  test('among doses with < 10 % chance of a low, the most time in range wins', () => {
    const ranked = rankCandidates(
      [outcome(16, 0.99, 0), outcome(12, 0.05, 0.9), outcome(10, 0.01, 1), outcome(8, 0, 0.6)],
      16,
      o,
    );
    assert.deepEqual(
      ranked.map((c) => c.amount),
      [10, 12, 8, 16],
    );
  });
  test('equal time in range: the lower risk, then the dose nearer the order', () => {
    const ranked = rankCandidates(
      [outcome(8, 0, 1), outcome(9, 0, 1), outcome(10, 0.05, 1)],
      10,
      o,
    );
    assert.deepEqual(
      ranked.map((c) => c.amount),
      [9, 8, 10],
    );
  });
  test('no acceptable dose: the lowest risk first', () => {
    const ranked = rankCandidates([outcome(20, 0.9, 0.5), outcome(14, 0.3, 0.2)], 20, o);
    assert.equal(ranked[0]?.amount, 14);
  });
});

describe('indicatorOf', () => {
  test('critical only for a high chance of glucose < 3.0 mmol/L', () => {
    assert.equal(indicatorOf({ pBelow3_9: 1, pBelow3_0: 0.49 }), 'warning');
    assert.equal(indicatorOf({ pBelow3_9: 1, pBelow3_0: 0.5 }), 'critical');
  });
  test('warning from a 10 % chance of glucose < 3.9 mmol/L; info below', () => {
    assert.equal(indicatorOf({ pBelow3_9: 0.1, pBelow3_0: 0 }), 'warning');
    assert.equal(indicatorOf({ pBelow3_9: 0.09, pBelow3_0: 0 }), 'info');
  });
});
