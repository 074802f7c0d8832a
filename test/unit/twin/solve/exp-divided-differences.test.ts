// Divided differences of exp: exact closed forms where they are well conditioned, the confluent
// limits, and continuity across the near-confluent region where naive formulas lose all digits.
import { describe, test } from 'node:test';
import {
  expDividedDifferences,
  phi1,
  phi2,
} from '../../../../src/twin/solve/exp-divided-differences.js';
import { assertClose } from './helpers.js';

const out = new Float64Array(3);

describe('φ functions', () => {
  test('φ1(x) = (e^x − 1)/x and φ2(x) = (e^x − 1 − x)/x², with their limits at 0', () => {
    for (const x of [-30, -2, -0.7, 0.3]) {
      assertClose(phi1(x), (Math.exp(x) - 1) / x, 1e-14, `φ1(${x})`);
      assertClose(phi2(x), (Math.exp(x) - 1 - x) / (x * x), 1e-13, `φ2(${x})`);
    }
    assertClose(phi1(0), 1, 0, 'φ1(0)');
    assertClose(phi2(0), 0.5, 0, 'φ2(0)');
    // Series region: φ2(x) = 1/2 + x/6 + x²/24 + x³/120 + x⁴/720 + O(x⁵), to machine precision.
    const x = -1e-3;
    const series = 0.5 + x / 6 + x ** 2 / 24 + x ** 3 / 120 + x ** 4 / 720;
    assertClose(phi2(x), series, 1e-15, 'φ2 series');
  });
});

describe('exp[a,b], exp[0,a,b], exp[0,0,a,b]', () => {
  test('well-separated points: the recursive definition in plain arithmetic', () => {
    for (const [a, b] of [
      [-0.5, -2],
      [-3, -0.2],
      [-40, -1.5],
      [-0.9, -0.1],
    ] as const) {
      expDividedDifferences(a, b, out);
      const d1 = (Math.exp(a) - Math.exp(b)) / (a - b);
      const d2 = (phi1(a) - phi1(b)) / (a - b);
      const d3 = (phi2(a) - phi2(b)) / (a - b);
      assertClose(out[0]!, d1, 1e-13, `exp[${a},${b}]`);
      assertClose(out[1]!, d2, 1e-12, `exp[0,${a},${b}]`);
      assertClose(out[2]!, d3, 1e-12, `exp[0,0,${a},${b}]`);
    }
  });

  test('equal points: the derivatives e^a, φ1′(a), φ2′(a)', () => {
    for (const a of [-0.01, -0.6, -1, -2.5, -25]) {
      expDividedDifferences(a, a, out);
      const e = Math.exp(a);
      // φ1′(a) = (a·e^a − e^a + 1)/a²;  φ2′(a) = (a·e^a − 2e^a + 2 + a)/a³
      const dphi1 = (a * e - e + 1) / (a * a);
      const dphi2 = (a * e - 2 * e + 2 + a) / (a * a * a);
      const tol = Math.abs(a) < 0.1 ? 1e-9 : 1e-12; // the reference formulas cancel near 0
      assertClose(out[0]!, e, 1e-15, `exp[${a},${a}]`);
      assertClose(out[1]!, dphi1, tol, `exp[0,${a},${a}]`);
      assertClose(out[2]!, dphi2, tol, `exp[0,0,${a},${a}]`);
    }
  });

  test('near-equal points move smoothly to the confluent value (no cancellation blow-up)', () => {
    for (const a of [-0.3, -1, -7]) {
      const confluent = new Float64Array(3);
      expDividedDifferences(a, a, confluent);
      for (const rel of [1e-12, 1e-9, 1e-6]) {
        expDividedDifferences(a, a * (1 + rel), out);
        for (let k = 0; k < 3; k++) {
          // First-order Taylor in b − a: the change is below |b − a| × (next divided difference).
          assertClose(
            out[k]!,
            confluent[k]!,
            2 * rel * Math.max(1, Math.abs(a)),
            `k=${k} a=${a} rel=${rel}`,
          );
        }
      }
    }
  });

  test('symmetric in its arguments', () => {
    const swapped = new Float64Array(3);
    for (const [a, b] of [
      [-0.2, -0.7],
      [-5, -0.01],
      [-1.2, -0.95],
    ] as const) {
      expDividedDifferences(a, b, out);
      expDividedDifferences(b, a, swapped);
      for (let k = 0; k < 3; k++) assertClose(out[k]!, swapped[k]!, 1e-14, `k=${k}`);
    }
  });
});
