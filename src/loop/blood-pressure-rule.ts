// Home blood pressure → P(the patient's true blood pressure is in the hypertensive-crisis range
// now). Each home reading is the true mean pressure plus the home-measurement bias and an error
// (technique, device and moment-to-moment variation); the readings of the last HBPM window are
// averaged under a flat prior. The bias of a patient's own measurements is unknown: it is taken
// at the midway of the published range, and the probability's interval spans its two ends (as the
// QTc rule does for the wearable's bias). Systolic and diastolic are judged separately and the
// larger probability is reported (a lower bound on the chance that either is in the range).
import { percent, type LoopRule } from './rules.js';
import { upperTail } from './qtc-rule.js';

/** Hypertensive crisis: SBP > 180 and/or DBP > 120 mmHg (Whelton PK et al. 2017 ACC/AHA
 * guideline, Hypertension 2018;71:e13–e115, §11.2, doi:10.1161/HYP.0000000000000065). */
export const CRISIS_MMHG = { systolic: 180, diastolic: 120 } as const;

/**
 * Home reading − reference reading (mmHg). SD: patients' own measurements against a researcher's
 * calibrated sphygmomanometer, 100 hypertensive patients, SBP +8.36 ± 10.90, DBP +2.16 ± 9.12
 * (Nessler K et al. The reliability of patient blood pressure self-assessments, BMC Prim Care,
 * published 29 Dec 2022, doi:10.1186/s12875-022-01962-x, Results). Bias
 * range: from that untrained +8.36 / +2.16 down to +1.3 / −1.3 after a short education in
 * technique ("Accuracy of home blood pressure readings: monitors and operators", Blood Press
 * Monit 2004 June issue, Results), since whether a patient was taught is not known here.
 */
export const HOME_BP_ERROR = {
  systolic: { sdMmHg: 10.9, bias: { low: 1.3, high: 8.36 } },
  diastolic: { sdMmHg: 9.12, bias: { low: -1.3, high: 2.16 } },
} as const;

/** Home BP is judged over at least 3 days of readings (ESH 2021 position paper on HBPM, Parati G
 * et al. J Hypertens 2021;39:1742–1767, doi:10.1097/HJH.0000000000002922). */
const WINDOW_H = 72;
/** Two readings at a session, 1–2 min apart, is the ESH method (same paper): one reading alone is
 * not judged. */
const MIN_READINGS = 2;
const MAX_READINGS = 200;

type Side = keyof typeof CRISIS_MMHG;

interface SideAssessment {
  side: Side;
  p: number;
  interval90: { low: number; high: number };
  estimate: number;
  se: number;
  n: number;
}

/** P(true mean > limit) from `values` (mmHg) for one side, at the midway bias and at its ends. */
export function assessSide(side: Side, values: readonly number[]): SideAssessment {
  const { sdMmHg, bias } = HOME_BP_ERROR[side];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const se = sdMmHg / Math.sqrt(values.length);
  const pAt = (b: number) => upperTail((CRISIS_MMHG[side] - (mean - b)) / se);
  const mid = (bias.low + bias.high) / 2;
  return {
    side,
    p: pAt(mid),
    // A larger bias means the true pressure is lower: the high end of the chance is at the low bias.
    interval90: { low: pAt(bias.high), high: pAt(bias.low) },
    estimate: mean - mid,
    se,
    n: values.length,
  };
}

export const bloodPressureRule: LoopRule = {
  id: 'hypertensive-crisis',
  kind: 'vital-sign-trend',
  quantities: ['systolic-bp', 'diastolic-bp'],
  model: { id: 'telemonitoring', version: '1.0.0' },
  async evaluate(store, patientId, now) {
    const read = async (quantity: string) =>
      (
        await store.readings(patientId, {
          quantity,
          from: new Date(now.getTime() - WINDOW_H * 3_600_000),
          to: new Date(now.getTime() + 1),
          order: 'desc',
          limit: MAX_READINGS,
        })
      )
        .filter((r) => r.summary === undefined)
        .map((r) => r.value);
    const sides = (
      [
        ['systolic', await read('systolic-bp')],
        ['diastolic', await read('diastolic-bp')],
      ] as const
    ).flatMap(([side, values]) =>
      values.length >= MIN_READINGS ? [assessSide(side, values)] : [],
    );
    if (sides.length === 0) return undefined;
    const worst = sides.reduce((a, b) => (b.p > a.p ? b : a));
    const mmHg = (x: number) => Math.round(x);
    const estimates = sides
      .map(
        (s) =>
          `${s.side} ${mmHg(s.estimate)} mmHg (90% interval ${mmHg(s.estimate - 1.645 * s.se)}–${mmHg(s.estimate + 1.645 * s.se)}, ${s.n} readings)`,
      )
      .join('; ');
    return {
      probability: worst.p,
      interval90: worst.interval90,
      readingsUsed: sides.reduce((a, s) => a + s.n, 0),
      message:
        `Chance that the blood pressure is in the hypertensive-crisis range (systolic > ${CRISIS_MMHG.systolic} or diastolic > ${CRISIS_MMHG.diastolic} mmHg): ${percent(worst.p)} (interval ${percent(worst.interval90.low)}–${percent(worst.interval90.high)} over the unknown bias of home measurements), from the ${worst.side} readings. ` +
        `Estimated mean home pressure over the last ${WINDOW_H / 24} days: ${estimates}. ` +
        `Assumed: home readings read ${HOME_BP_ERROR.systolic.bias.low}–${HOME_BP_ERROR.systolic.bias.high} mmHg high (systolic) with ${HOME_BP_ERROR.systolic.sdMmHg} mmHg error per reading; a clinic measurement confirms.`,
    };
  },
};
