// A personalised glucose twin of a fasting night on a pump, for the surrogate screen's tests and
// benchmark: a typical subject of the twin's prior (75 kg, median EGP0 and SIT), the basal rate
// that holds 6.5 mmol/L, glucose 9 mmol/L at 22:00 drifting down, 8 h of CGM every 15 min (true
// interstitial glucose, no sensor noise), no meals or boluses.
import type { GlucosePlan } from '../../src/twin/models/glucose/inputs.js';
import { STATE } from '../../src/twin/models/glucose/hovorka-ode.js';
import { MU_PER_UNIT } from '../../src/twin/models/glucose/parameters.js';
import { paramsFromTheta, TWIN_PRIOR } from '../../src/twin/models/glucose/prior.js';
import { simulateHovorka } from '../../src/twin/models/glucose/simulate.js';
import {
  basalSteadyState,
  restingInsulinState,
} from '../../src/twin/models/glucose/steady-state.js';
import { personaliseGlucose, type GlucoseTwin } from '../../src/twin/models/glucose/twin.js';

const ORIGIN_MS = Date.parse('2026-03-02T22:00:00Z');
export const nightTime = (min: number) => new Date(ORIGIN_MS + min * 60_000).toISOString();
const WEIGHT_KG = 75;

export function fastingNightTwin(
  draws: number,
  seed = 3,
): { twin: GlucoseTwin; basalUPerH: number } {
  const p = paramsFromTheta(
    [9, Math.exp(TWIN_PRIOR.egp0.mu), Math.exp(TWIN_PRIOR.sit.mu), 1],
    WEIGHT_KG,
  );
  const basalUPerH = basalSteadyState(p, 6.5)!.basalUPerH;
  const basalMu = (basalUPerH * MU_PER_UNIT) / 60;
  const times = Array.from({ length: 33 }, (_, i) => 15 * i);
  const night = simulateHovorka(
    p,
    { meals: [], boluses: [], basal: [{ startMin: 0, uPerH: basalUPerH }] },
    restingInsulinState(p, basalMu, 9),
    basalMu,
    times,
  );
  const twin = personaliseGlucose(
    {
      weightKg: WEIGHT_KG,
      readings: times.map((t, i) => ({
        time: nightTime(t),
        mmolL: night.states[i * 11 + STATE.C]!,
        source: 'cgm' as const,
      })),
      meals: [],
      boluses: [],
      basal: {
        kind: 'pump',
        segments: [{ start: nightTime(-12 * 60), unitsPerHour: basalUPerH }],
      },
    },
    { draws, seed, windowH: 12 },
  );
  return { twin, basalUPerH };
}

/** A plan: no meals, a pump basal rate from the last reading on. */
export const pumpPlan = (uPerH: number): GlucosePlan => ({
  meals: [],
  boluses: [],
  basal: { kind: 'pump', segments: [{ start: '1970-01-01T00:00:00Z', unitsPerHour: uPerH }] },
});
