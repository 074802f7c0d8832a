// Dose validation, regimen helper and amount bookkeeping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  amountGivenBy,
  DoseError,
  isInfusion,
  repeatDoses,
  validateDoses,
  type Dose,
} from '../../../../src/twin/solve/dose.js';

describe('validateDoses', () => {
  test('returns the same array when sorted, a stably sorted copy otherwise', () => {
    const sorted: Dose[] = [
      { time: 0, amount: 1, route: 'iv' },
      { time: 1, amount: 2, route: 'oral' },
    ];
    assert.equal(validateDoses(sorted), sorted);
    const unsorted: Dose[] = [
      { time: 5, amount: 1, route: 'iv' },
      { time: 2, amount: 2, route: 'iv' },
      { time: 2, amount: 3, route: 'oral' },
    ];
    assert.deepEqual(
      validateDoses(unsorted).map((d) => d.amount),
      [2, 3, 1],
    );
    assert.equal(unsorted[0]!.amount, 1, 'input untouched');
  });

  test('each bad field gives a DoseError naming the dose and the value', () => {
    const cases: [Dose, RegExp][] = [
      [
        { time: -1, amount: 1, route: 'iv' },
        /doses\[1\]\.time must be a finite number >= 0 h \(got -1\)/,
      ],
      [{ time: NaN, amount: 1, route: 'iv' }, /doses\[1\]\.time .* \(got NaN\)/],
      [
        { time: 1, amount: -5, route: 'iv' },
        /doses\[1\]\.amount must be a finite number >= 0 mg \(got -5\)/,
      ],
      [{ time: 1, amount: Infinity, route: 'iv' }, /doses\[1\]\.amount/],
      [
        { time: 1, amount: 1, durationH: -2, route: 'iv' },
        /doses\[1\]\.durationH must be a finite number >= 0 h \(got -2\)/,
      ],
      [
        { time: 1, amount: 1, route: 'im' as 'iv' },
        /doses\[1\]\.route must be 'iv' or 'oral' \(got im\)/,
      ],
    ];
    for (const [bad, message] of cases) {
      assert.throws(
        () => validateDoses([{ time: 0, amount: 1, route: 'iv' }, bad]),
        (e: unknown) => e instanceof DoseError && e.index === 1 && message.test(e.message),
      );
    }
  });
});

describe('repeatDoses', () => {
  test('7 days q12h of 1 h infusions', () => {
    const doses = repeatDoses({
      amount: 1000,
      intervalH: 12,
      count: 14,
      durationH: 1,
      route: 'iv',
    });
    assert.equal(doses.length, 14);
    assert.deepEqual(doses[13], { time: 156, amount: 1000, durationH: 1, route: 'iv' });
    assert.ok(doses.every(isInfusion));
  });

  test('start offset and boluses', () => {
    const doses = repeatDoses({ amount: 250, intervalH: 8, count: 3, startH: 2, route: 'oral' });
    assert.deepEqual(
      doses.map((d) => d.time),
      [2, 10, 18],
    );
    assert.ok(!doses.some(isInfusion));
  });

  test('invalid regimens', () => {
    assert.throws(
      () => repeatDoses({ amount: 1, intervalH: 12, count: 0, route: 'iv' }),
      /count must be an integer >= 1 \(got 0\)/,
    );
    assert.throws(
      () => repeatDoses({ amount: 1, intervalH: 0, count: 2, route: 'iv' }),
      /intervalH must be a finite number > 0 h/,
    );
    assert.throws(
      () => repeatDoses({ amount: -1, intervalH: 12, count: 2, route: 'iv' }),
      (e: unknown) => e instanceof DoseError && /repeatDoses: doses\[0\]\.amount/.test(e.message),
    );
  });
});

describe('amountGivenBy', () => {
  const doses: Dose[] = [
    { time: 0, amount: 100, route: 'iv' },
    { time: 1, amount: 300, durationH: 3, route: 'iv' },
    { time: 2, amount: 50, route: 'oral' },
  ];
  test('boluses whole, infusions pro rata, by route', () => {
    assert.equal(amountGivenBy(doses, 0.5), 100);
    assert.equal(amountGivenBy(doses, 2), 100 + 100 + 50);
    assert.equal(amountGivenBy(doses, 2, 'iv'), 200);
    assert.equal(amountGivenBy(doses, 10, 'oral'), 50);
    assert.equal(amountGivenBy(doses, 10), 450);
  });
});
