// A virtual patient's day for calibration tests and benchmarks: a subject from the population, a
// pump basal rate and carbohydrate ratio titrated on the model (to hold a fasting target, and to
// bring glucose back to it 4 h after a meal), three meals with imperfect boluses, a planned
// bedtime snack, the true glucose from the full 11-state model and CGM readings with the CGM
// error model. Our design (no published protocol): an ordinary day of a pump user.
//
// Titration 'patient': the regimen is titrated on the subject itself, as in clinical practice.
// The regimen then carries information about the subject's parameters that the twin does not
// use, so it is NOT a valid design for simulation-based calibration. The other two are
// independent of the truth, as simulation-based calibration requires: 'clinical' — basal titrated
// on an independently drawn subject of the same weight, carbohydrate ratio log-normal around what
// the typical virtual patient needs (18 g/U: titrateCarbRatio on the prior median, 65–95 kg) with
// a prescriber's spread (log-SD 0.3: 11–29 g/U as a 90 % range; our choice);
// 'independent' — basal and ratio both titrated on an independent subject (a stress test: the
// model-implied ratios span ~5–60 g/U and give boluses far off for many subjects).
import type { Rng } from '../../infer/index.js';
import { STATE, type HovorkaParams } from './hovorka-ode.js';
import type { GlucoseInputs, GlucosePlan } from './inputs.js';
import { MU_PER_UNIT } from './parameters.js';
import { INITIAL_GLUCOSE_PRIOR } from './prior.js';
import {
  simulateHovorka,
  type BolusEvent,
  type GlucoseScenario,
  type MealEvent,
} from './simulate.js';
import { basalSteadyState, restingInsulinState } from './steady-state.js';
import { drawPatientParams, simulateCgm, type PopulationMode } from './virtual-population.js';

export interface VirtualDay {
  params: HovorkaParams;
  /** True plasma glucose at the first reading (mmol/L). */
  g0: number;
  basalUPerH: number;
  /** Grams per unit. */
  carbRatio: number;
  /** Meals and boluses up to the last reading, and the plan after it. */
  history: { meals: MealEvent[]; boluses: BolusEvent[] };
  plan: { meals: MealEvent[]; boluses: BolusEvent[] };
  /** CGM reading times (min from the origin) and values (mmol/L). */
  readingTimesMin: number[];
  readingsMmolL: number[];
  lastReadingMin: number;
  /** True plasma glucose from the last reading on, every 5 min for 24 h. */
  futureGlucoseMmolL: Float64Array;
}

export interface VirtualDayOptions {
  mode: PopulationMode;
  titration: 'patient' | 'clinical' | 'independent';
  /** CGM spacing (min) and observed hours from the first reading. */
  spacingMin: number;
  observedH: number;
}

const uniform = (rng: Rng, a: number, b: number): number => a + (b - a) * rng.uniform();

/** Carbohydrate ratio of the 'clinical' design (g/U): our choice, see the header. */
export const CLINICAL_CARB_RATIO = { medianGPerU: 18, logSd: 0.3 } as const;

/** g/U such that glucose is back at its fasting level 4 h after a 50 g meal bolused at ratio. */
export function titrateCarbRatio(p: HovorkaParams, fastingMmolL: number): number | undefined {
  const ss = basalSteadyState(p, fastingMmolL);
  if (ss === undefined) return undefined;
  const scenario = (units: number): GlucoseScenario => ({
    meals: [{ timeMin: 0, carbsG: 50 }],
    boluses: [{ timeMin: 0, units }],
    basal: [{ startMin: 0, uPerH: ss.basalUPerH }],
  });
  const g4h = (units: number): number =>
    simulateHovorka(p, scenario(units), ss.state, ss.basalMuPerMin, [240]).states[STATE.Q1]! /
    (p.vg * p.weightKg);
  let lo = Math.log(0.05);
  let hi = Math.log(60);
  if (g4h(Math.exp(hi)) > fastingMmolL || g4h(Math.exp(lo)) < fastingMmolL) return undefined;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (g4h(Math.exp(mid)) > fastingMmolL) lo = mid;
    else hi = mid;
  }
  return 50 / Math.exp((lo + hi) / 2);
}

function meals(rng: Rng): MealEvent[] {
  return [
    { timeMin: uniform(rng, 30, 90), carbsG: Math.round(uniform(rng, 30, 70)) },
    { timeMin: uniform(rng, 270, 330), carbsG: Math.round(uniform(rng, 40, 90)) },
    { timeMin: uniform(rng, 600, 660), carbsG: Math.round(uniform(rng, 50, 100)) },
  ];
}

/** A day, or undefined when the drawn subject has no basal steady state or carb ratio. */
export function virtualDay(rng: Rng, o: VirtualDayOptions): VirtualDay | undefined {
  const weight = uniform(rng, 65, 95); // Boiroux virtual population (docs/sources, U)
  const params = drawPatientParams(rng, weight, o.mode);
  const titrated = o.titration === 'patient' ? params : drawPatientParams(rng, weight, o.mode);
  const fasting = 7 * Math.exp(0.15 * rng.normal());
  const ss = basalSteadyState(titrated, fasting);
  const carbRatio =
    o.titration === 'clinical'
      ? CLINICAL_CARB_RATIO.medianGPerU * Math.exp(CLINICAL_CARB_RATIO.logSd * rng.normal())
      : titrateCarbRatio(titrated, fasting);
  if (ss === undefined || carbRatio === undefined) return undefined;
  const g0 =
    INITIAL_GLUCOSE_PRIOR.medianMmolL * Math.exp(INITIAL_GLUCOSE_PRIOR.logSd * rng.normal());
  const lastReadingMin = o.observedH * 60;
  const dayMeals = meals(rng);
  // Carbohydrate-counting and dosing error: 20 % log-SD per bolus (our choice).
  const boluses = dayMeals.map((m) => ({
    timeMin: m.timeMin,
    units: (m.carbsG / carbRatio) * Math.exp(0.2 * rng.normal()),
  }));
  const snack = {
    timeMin: lastReadingMin + uniform(rng, 60, 180),
    carbsG: Math.round(uniform(rng, 10, 30)),
  };
  const basal = ss.basalUPerH * Math.exp(0.1 * rng.normal()); // imperfect titration
  const basalMu = (basal * MU_PER_UNIT) / 60;
  const scenario: GlucoseScenario = {
    meals: [...dayMeals, snack],
    boluses,
    basal: [{ startMin: 0, uPerH: basal }],
  };
  const readingTimesMin = Array.from(
    { length: Math.floor(lastReadingMin / o.spacingMin) + 1 },
    (_, i) => i * o.spacingMin,
  );
  const future = Array.from({ length: 289 }, (_, i) => lastReadingMin + 5 * i);
  const y0 = restingInsulinState(params, basalMu, g0);
  const r = simulateHovorka(params, scenario, y0, basalMu, [...readingTimesMin, ...future]);
  const nObs = readingTimesMin.length;
  const c = readingTimesMin.map((_, i) => r.states[i * 11 + STATE.C]!);
  const vg = params.vg * weight;
  return {
    params,
    g0,
    basalUPerH: basal,
    carbRatio,
    history: {
      meals: dayMeals.filter((m) => m.timeMin <= lastReadingMin),
      boluses: boluses.filter((b) => b.timeMin <= lastReadingMin),
    },
    plan: {
      meals: [...dayMeals.filter((m) => m.timeMin > lastReadingMin), snack],
      boluses: boluses.filter((b) => b.timeMin > lastReadingMin),
    },
    readingTimesMin,
    readingsMmolL: simulateCgm(c, readingTimesMin, rng),
    lastReadingMin,
    futureGlucoseMmolL: Float64Array.from(future, (_, i) => r.states[(nObs + i) * 11]! / vg),
  };
}

/** The day as the twin's inputs (pump basal, CGM readings) and plan, with the origin at originMs. */
export function virtualDayRecord(
  day: VirtualDay,
  originMs: number,
): { inputs: GlucoseInputs; plan: GlucosePlan } {
  const iso = (min: number): string => new Date(originMs + min * 60_000).toISOString();
  const meal = (m: MealEvent) => ({ time: iso(m.timeMin), carbsG: m.carbsG });
  const bolus = (b: BolusEvent) => ({ time: iso(b.timeMin), units: b.units });
  return {
    inputs: {
      weightKg: day.params.weightKg,
      readings: day.readingTimesMin.map((t, i) => ({
        time: iso(t),
        mmolL: day.readingsMmolL[i]!,
        source: 'cgm' as const,
      })),
      meals: day.history.meals.map(meal),
      boluses: day.history.boluses.map(bolus),
      basal: { kind: 'pump', segments: [{ start: iso(-12 * 60), unitsPerHour: day.basalUPerH }] },
    },
    plan: { meals: day.plan.meals.map(meal), boluses: day.plan.boluses.map(bolus) },
  };
}
