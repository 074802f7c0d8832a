// Exposure over the first 24 h of a regimen started now, after the doses on record: steady state
// takes days when clearance is low, and a loading dose is what closes that gap (Rybak 2020
// recommends 20–35 mg/kg in serious infections, at most 3000 mg).
import { aucBetween } from '../../solve/linear-compartment.js';
import { GOTI_2018 } from './parameters.js';
import { futureDoses } from './trajectory.js';
import type { VancomycinRegimen, VancomycinTwin } from './twin.js';

/** AUC from now to now + 24 h (mg·h/L) for each of the given posterior draws. */
export function firstDayAuc(
  twin: VancomycinTwin,
  regimen: VancomycinRegimen,
  nowMs: number,
  draws: readonly Float64Array[] = twin.posterior.draws,
): number[] {
  const { history } = twin;
  const originMs = history.doses.length > 0 ? history.originMs : nowMs;
  const nowH = (nowMs - originMs) / 3_600_000;
  const doses = [...history.doses.filter((d) => d.time < nowH), ...futureDoses(regimen, nowH, 24)];
  return draws.map((th) =>
    aucBetween(
      { cl: th[0]!, v1: th[1]!, q2: GOTI_2018.thetaQ, v2: th[2]! },
      doses,
      nowH,
      nowH + 24,
    ),
  );
}

/** Rybak 2020: loading doses of 20–35 mg/kg actual body weight, not above 3000 mg. */
export const LOADING_DOSE_MG_PER_KG = [20, 25, 30, 35] as const;
export const MAX_LOADING_DOSE_MG = 3000;
