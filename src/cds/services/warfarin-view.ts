// The warfarin twin page's content: the INR a measurement would show over the next 14 days on the
// dose shown on the card (the suggested one when there is one), with its 90% band and the 2–3
// target, the INRs the twin was fitted to, each dose's predictions, and this patient's parameters
// beside the population's. Built only when the link is opened.
import type { TwinView } from '../../twin-page/view-model.js';
import {
  predictWarfarin,
  type InrRecord,
  type WarfarinPrediction,
  type WarfarinTwin,
} from '../../twin/models/warfarin/index.js';
import { referencePrior } from '../../twin/models/warfarin/prior.js';
import { interval90 } from '../../twin/models/vancomycin/twin.js';

const Z95 = 1.6448536269514722;
const HOUR_MS = 3_600_000;

/** Parameter labels and units (Hamberg 2007, Tables 2 and 4; README of the model). */
const PARAMETERS: Record<string, { name: string; unit: string }> = {
  CL: { name: 'S-warfarin clearance (CL/F)', unit: 'L/h' },
  V1: { name: 'Central volume (V1/F)', unit: 'L' },
  V2: { name: 'Peripheral volume (V2/F)', unit: 'L' },
  EC50: { name: 'S-warfarin concentration for half effect (EC50)', unit: 'mg/L' },
  MTT1: { name: 'Delay of the INR response, fast chain (MTT1)', unit: 'h' },
  MTT2: { name: 'Delay of the INR response, slow chain (MTT2)', unit: 'h' },
  BASE: { name: 'Baseline INR (off warfarin)', unit: '1' },
};

export interface WarfarinDoseScenario {
  label: string;
  dailyDoseMg: number;
  prediction: WarfarinPrediction;
}

export function warfarinView(
  twin: WarfarinTwin,
  inr: readonly InrRecord[],
  ordered: WarfarinDoseScenario,
  suggested: { label: string; dailyDoseMg: number } | undefined,
  now: Date,
  publicUrl: string,
  summary: string,
  assumptions: string[],
  /** How candidate doses were screened (surrogate, or why the mechanistic model alone). */
  screenNotes: string[],
): TwinView {
  const regimen = ordered.prediction.regimen;
  const suggestedScenario = suggested && {
    ...suggested,
    prediction: predictWarfarin(twin, { ...regimen, dailyDoseMg: suggested.dailyDoseMg }),
  };
  const all = [ordered, ...(suggestedScenario ? [suggestedScenario] : [])];
  const shown = suggestedScenario ?? ordered;
  const hoursFromNow = (iso: string) => (Date.parse(iso) - now.getTime()) / HOUR_MS;
  const trajectory = shown.prediction.trajectory;
  const day = (p: WarfarinPrediction, d: number) =>
    p.trajectory.find((x) => x.day === d)?.inrMeasured ?? p.steadyStateInr;
  return {
    title: 'Warfarin twin: predicted INR',
    model: {
      id: 'warfarin',
      name: 'Hamberg 2007 S-warfarin PK and INR response model',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/warfarin`,
      citation:
        'Hamberg AK, et al. Clin Pharmacol Ther 2007;81(4):529–538, doi:10.1038/sj.clpt.6100084. Target INR 2–3: Holbrook A, et al. Chest 2012;141(2 Suppl):e152S–e184S.',
    },
    generatedAt: now.toISOString(),
    summary,
    charts: [
      {
        title: `INR a measurement would show over ${shown.prediction.regimen.days} days on ${shown.label}`,
        yLabel: 'INR',
        unit: '1',
        origin: now.toISOString(),
        band: {
          t: trajectory.map((x) => hoursFromNow(x.time)),
          p05: trajectory.map((x) => x.inrMeasured.p05),
          p50: trajectory.map((x) => x.inrMeasured.p50),
          p95: trajectory.map((x) => x.inrMeasured.p95),
        },
        target: { low: 2, high: 3, label: 'Target INR 2–3' },
        observations: inr.map((m) => ({
          t: hoursFromNow(m.time),
          value: m.value,
          label: `Measured INR ${m.value} on ${m.time.slice(0, 10)}`,
        })),
        events: [],
      },
    ],
    scenarios: all.map((s) => s.label),
    predictions: [
      { label: 'INR measured on day 7', unit: '1', bands: all.map((s) => day(s.prediction, 7)) },
      { label: 'INR measured on day 14', unit: '1', bands: all.map((s) => day(s.prediction, 14)) },
      {
        label: 'INR at steady state',
        unit: '1',
        bands: all.map((s) => s.prediction.steadyStateInr),
      },
    ],
    probabilities: [
      {
        label: 'Chance of INR 2–3 at steady state',
        values: all.map((s) => s.prediction.pSteadyStateInRange),
      },
      {
        label: `Chance of INR > 4 within ${regimen.days} days (bleeding risk)`,
        values: all.map((s) => s.prediction.pInrAbove4Horizon),
      },
    ],
    parameters: parameterRows(twin),
    personalisation:
      twin.inrUsed > 0
        ? `Individualised with ${twin.inrUsed} INR measurement(s) (${twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`
        : 'No INR on warfarin yet: this patient’s parameters are the population’s for their age and genotype.',
    dataUsed: twin.used,
    assumptions,
    notes: screenNotes,
  };
}

/** Each parameter's 90% range in the population prior (genotype mixture moment-matched when a
 * genotype is unknown) beside the posterior's. */
function parameterRows(twin: WarfarinTwin): TwinView['parameters'] {
  const prior = referencePrior(twin.components, twin.covariates);
  return prior.names.map((key, k) => {
    const typical = prior.typical[k]!;
    const sd = Math.sqrt(prior.omega[k]![k]!);
    const label = PARAMETERS[key] ?? { name: key, unit: '' };
    return {
      ...label,
      prior: {
        p05: typical * Math.exp(-Z95 * sd),
        p50: typical,
        p95: typical * Math.exp(Z95 * sd),
      },
      posterior: interval90(twin.posterior.draws.map((d) => d[k]!)),
    };
  });
}
