// The vancomycin twin page's content: the concentration trajectory under the regimen shown on the
// card, its predictions, this patient's parameters beside the population's, and what was assumed.
import type { Band90, TwinView } from '../../twin-page/view-model.js';
import { GOTI_2018, RYBAK_2020_AUC_TARGET } from '../../twin/models/vancomycin/parameters.js';
import { typicalVancomycinParameters } from '../../twin/models/vancomycin/prior.js';
import { concentrationBands } from '../../twin/models/vancomycin/trajectory.js';
import { interval90, type VancomycinTwin } from '../../twin/models/vancomycin/twin.js';
import type { Scenario } from '../../decide/vancomycin-plan.js';
import { regimenLabel } from './vancomycin-labels.js';

const Z95 = 1.6448536269514722;

export interface ViewScenarios {
  ordered: Scenario;
  suggested: Scenario | undefined;
}

export function vancomycinView(
  twin: VancomycinTwin,
  { ordered, suggested }: ViewScenarios,
  now: Date,
  publicUrl: string,
  summary: string,
): TwinView {
  const shown = (suggested ?? ordered).prediction;
  const r = shown.regimen;
  const bands = concentrationBands(twin, r, now.getTime());
  const all = [ordered, ...(suggested ? [suggested] : [])];
  const scenarios = all.map((x) => x.prediction);
  const name = (x: Scenario, what: string) => `${what}: ${regimenLabel(x.prediction.regimen)}`;
  const regimenText = `${regimenLabel(r)}${suggested ? ' (suggested)' : ' (as ordered)'}`;
  const { low, high } = RYBAK_2020_AUC_TARGET;
  return {
    title: 'Vancomycin twin: predicted exposure',
    model: {
      id: 'vancomycin',
      name: 'Goti 2018 two-compartment vancomycin model',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/vancomycin`,
      citation:
        'Goti V, et al. Ther Drug Monit 2018;40(2):212–221, doi:10.1097/FTD.0000000000000490. Target: Rybak MJ, et al. Am J Health Syst Pharm 2020;77(11):835–864, doi:10.1093/ajhp/zxaa036.',
    },
    generatedAt: now.toISOString(),
    summary,
    charts: [
      {
        title: `AUC over the preceding 24 h under ${regimenText}`,
        yLabel: 'AUC24',
        unit: 'mg·h/L',
        origin: now.toISOString(),
        band: bands.rollingAuc24,
        target: { low, high, label: `Target AUC24 ${low}–${high} mg·h/L (Rybak 2020)` },
        observations: [],
        events: [],
      },
      {
        title: `Vancomycin concentration under ${regimenText}`,
        yLabel: 'Vancomycin concentration',
        unit: 'mg/L',
        origin: now.toISOString(),
        band: bands,
        observations: bands.levels.map((l) => ({
          t: l.t,
          value: l.valueMgL,
          label: `Measured level ${l.valueMgL} mg/L, ${Math.abs(l.t).toFixed(1)} h ago`,
        })),
        events: bands.doseTimes.map((t) => ({ t, label: `Dose at ${t.toFixed(1)} h` })),
      },
    ],
    scenarios: [name(ordered, 'Ordered'), ...(suggested ? [name(suggested, 'Suggested')] : [])],
    predictions: [
      {
        label: 'AUC over 24 h at steady state',
        unit: 'mg·h/L',
        bands: scenarios.map((p) => p.auc24),
      },
      { label: 'AUC over the first 24 h', unit: 'mg·h/L', bands: all.map((x) => x.firstDay.auc) },
      { label: 'Trough', unit: 'mg/L', bands: scenarios.map((p) => p.trough) },
      { label: 'Peak (end of infusion)', unit: 'mg/L', bands: scenarios.map((p) => p.peak) },
    ],
    probabilities: [
      {
        label: `Chance AUC24 is within ${low}–${high} mg·h/L`,
        values: scenarios.map((p) => p.pInTarget),
      },
      {
        label: `Chance AUC24 is above ${high} mg·h/L (kidney injury risk rises)`,
        values: scenarios.map((p) => p.pAboveTarget),
      },
    ],
    parameters: parameterRows(twin),
    personalisation:
      twin.levelsUsed > 0
        ? `Individualised with ${twin.levelsUsed} vancomycin level(s) (${twin.posterior.method === 'mcmc' ? 'MCMC' : 'MAP, Laplace approximation corrected by importance sampling'}).`
        : 'No vancomycin levels: this patient’s parameters are the population’s for their covariates.',
    dataUsed: twin.used,
    assumptions: twin.assumptions,
    notes: [],
  };
}

function parameterRows(twin: VancomycinTwin): TwinView['parameters'] {
  const typical = typicalVancomycinParameters(twin.covariates);
  const x = twin.covariates.extraVariance;
  const priorBand = (t: number, omega: number): Band90 => ({
    p05: t * Math.exp(-Z95 * Math.sqrt(omega)),
    p50: t,
    p95: t * Math.exp(Z95 * Math.sqrt(omega)),
  });
  const posterior = (k: number) => interval90(twin.posterior.draws.map((d) => d[k]!));
  return [
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
  ];
}
