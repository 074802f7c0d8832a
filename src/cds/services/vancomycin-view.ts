// The vancomycin twin page's content: the concentration trajectory under the regimen shown on the
// card, its predictions, this patient's parameters beside the population's, and what was assumed.
import type { Band90, TwinView } from '../../twin-page/view-model.js';
import { GOTI_2018, RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import { typicalVancomycinParameters } from '../../twin/models/vancomycin/prior.js';
import { concentrationBands } from '../../twin/models/vancomycin/trajectory.js';
import {
  interval90,
  type VancomycinPrediction,
  type VancomycinTwin,
} from '../../twin/models/vancomycin/twin.js';

const Z95 = 1.6448536269514722;

export function vancomycinView(
  twin: VancomycinTwin,
  shown: VancomycinPrediction,
  now: Date,
  publicUrl: string,
  summary: string,
): TwinView {
  const r = shown.regimen;
  const bands = concentrationBands(twin, r, now.getTime());
  const typical = typicalVancomycinParameters(twin.covariates);
  const priorBand = (t: number, omega: number): Band90 => ({
    p05: t * Math.exp(-Z95 * Math.sqrt(omega)),
    p50: t,
    p95: t * Math.exp(Z95 * Math.sqrt(omega)),
  });
  const x = twin.covariates.extraVariance;
  const posterior = (k: number) => interval90(twin.posterior.draws.map((d) => d[k]!));
  return {
    title: 'Vancomycin twin: predicted exposure',
    model: {
      id: 'vancomycin',
      name: 'Goti 2018 two-compartment vancomycin model',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/vancomycin`,
      citation:
        'Goti V, et al. Ther Drug Monit 2018;40(2):212–221, doi:10.1097/FTD.0000000000000490. Target: Rybak MJ, et al. Am J Health Syst Pharm 2020;77(11):835–864.',
    },
    generatedAt: now.toISOString(),
    summary,
    chart: {
      title: `Vancomycin concentration under ${r.doseMg} mg every ${r.intervalH} h`,
      yLabel: 'Vancomycin concentration',
      unit: 'mg/L',
      origin: now.toISOString(),
      band: bands,
      observations: bands.levels.map((l) => ({
        t: l.t,
        value: l.valueMgL,
        label: `Measured level ${l.valueMgL} mg/L at ${l.t.toFixed(1)} h`,
      })),
      events: bands.doseTimes.map((t) => ({ t, label: `Dose at ${t.toFixed(1)} h` })),
    },
    predictions: [
      { label: 'AUC over 24 h at steady state', unit: 'mg·h/L', band: shown.auc24 },
      { label: 'Trough at steady state', unit: 'mg/L', band: shown.trough },
      { label: 'Peak (end of infusion) at steady state', unit: 'mg/L', band: shown.peak },
    ],
    probabilities: [
      {
        label: `Chance AUC24 is within ${RYBAK_2020_AUC_TARGET.low}–${RYBAK_2020_AUC_TARGET.high} mg·h/L`,
        value: shown.pInTarget,
      },
      {
        label: 'Chance AUC24 is above 600 mg·h/L (kidney injury risk rises)',
        value: shown.pAboveTarget,
      },
    ],
    parameters: [
      {
        name: 'Clearance (CL)',
        unit: 'L/h',
        prior: priorBand(typical.cl, GOTI_2018.omega.cl + x.logCl),
        posterior: posterior(0),
      },
      {
        name: 'Central volume (V1)',
        unit: 'L',
        prior: priorBand(typical.v1, GOTI_2018.omega.v1 + x.logV1),
        posterior: posterior(1),
      },
      {
        name: 'Peripheral volume (V2)',
        unit: 'L',
        prior: priorBand(typical.v2, GOTI_2018.omega.v2),
        posterior: posterior(2),
      },
    ],
    personalisation:
      twin.levelsUsed > 0
        ? `Individualised with ${twin.levelsUsed} vancomycin level(s) (${twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`
        : 'No vancomycin levels: this patient’s parameters are the population’s for their covariates.',
    dataUsed: twin.used,
    assumptions: twin.assumptions,
    notes: [],
  };
}
