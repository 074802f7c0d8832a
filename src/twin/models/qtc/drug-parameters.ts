// One drug's block of the population prior for a patient: typical PK from the drug's covariate
// model, log-normal inter-individual variability, and the extra variance of covariates that were
// assumed (propagated through the covariate model by central differences, first order).
//   linear drug:    θ = [CL, V1, slope]   (ms per mg/L)
//   dose-band drug: θ = [effect multiplier] (typical 1; ΔQTc = band value × multiplier)
import type { PkCovariates, QtDrug, TypicalPk } from './catalogue/index.js';
import type { QtcCovariates } from './covariates.js';

export interface DrugPrior {
  drug: QtDrug;
  names: string[];
  typical: number[];
  /** Diagonal of Ω (log scale). */
  variance: number[];
  /** The patient's typical PK; θ replaces cl and v1. */
  pk: TypicalPk;
}

const H = 0.05;

function resolved(c: QtcCovariates, sex: 'male' | 'female'): PkCovariates {
  return { ageYears: c.ageYears, sex, weightKg: c.weightKg, crclMlMin: c.crclMlMin };
}

/** Typical PK at the patient's covariates; unknown sex → geometric midpoint of the two. */
function midpointPk(drug: QtDrug, c: QtcCovariates): { pk: TypicalPk; sexVar: [number, number] } {
  if (c.sex) return { pk: drug.pk.typical(resolved(c, c.sex)), sexVar: [0, 0] };
  const m = drug.pk.typical(resolved(c, 'male'));
  const f = drug.pk.typical(resolved(c, 'female'));
  const geo = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? a : Math.sqrt(a * b);
  const pk: TypicalPk = { ...m, cl: geo(m.cl, f.cl)!, v1: geo(m.v1, f.v1)! };
  if (m.q2 !== undefined) pk.q2 = geo(m.q2, f.q2);
  if (m.v2 !== undefined) pk.v2 = geo(m.v2, f.v2);
  const half = (a: number, b: number) => (Math.log(a / b) / 2) ** 2;
  return { pk, sexVar: [half(m.cl, f.cl), half(m.v1, f.v1)] };
}

/** First-order variance of log CL and log V1 from the assumed covariates' spreads. */
function covariateVariance(drug: QtDrug, c: QtcCovariates): [number, number] {
  const out: [number, number] = [0, 0];
  const base = resolved(c, c.sex ?? 'male');
  /** Adds (∂ log θ / ∂x · sd)² for a covariate moved to `up` and `down`, `step` apart. */
  const add = (
    up: Partial<PkCovariates>,
    down: Partial<PkCovariates>,
    step: number,
    sd: number,
  ) => {
    if (sd === 0) return;
    const hi = drug.pk.typical({ ...base, ...up });
    const lo = drug.pk.typical({ ...base, ...down });
    out[0] += ((Math.log(hi.cl / lo.cl) / step) * sd) ** 2;
    out[1] += ((Math.log(hi.v1 / lo.v1) / step) * sd) ** 2;
  };
  const { ageSdYears, weightLogSd, crclLogSd } = c.spread;
  // Age enters in years (±1 y); weight and CrCl on the log scale (±H).
  add({ ageYears: c.ageYears + 1 }, { ageYears: c.ageYears - 1 }, 2, ageSdYears);
  const w = c.weightKg;
  add({ weightKg: w * Math.exp(H) }, { weightKg: w * Math.exp(-H) }, 2 * H, weightLogSd);
  const r = c.crclMlMin;
  add({ crclMlMin: r * Math.exp(H) }, { crclMlMin: r * Math.exp(-H) }, 2 * H, crclLogSd);
  return out;
}

export function drugPrior(drug: QtDrug, c: QtcCovariates): DrugPrior {
  const { pk, sexVar } = midpointPk(drug, c);
  const qt = drug.qt;
  if (qt.kind === 'dose-band') {
    return {
      drug,
      names: [`${drug.id}.effect`],
      typical: [1],
      variance: [qt.omegaEffect.value ** 2],
      pk,
    };
  }
  const [clVar, v1Var] = covariateVariance(drug, c);
  const male = qt.slopeMale.value;
  const female = qt.slopeFemale.value;
  const slope = c.sex === 'male' ? male : c.sex === 'female' ? female : Math.sqrt(male * female);
  const slopeSexVar = c.sex ? 0 : (Math.log(female / male) / 2) ** 2;
  return {
    drug,
    names: [`${drug.id}.CL`, `${drug.id}.V1`, `${drug.id}.slope`],
    typical: [pk.cl, pk.v1, slope],
    variance: [
      drug.pk.omegaCl.value ** 2 + clVar + sexVar[0],
      drug.pk.omegaV1.value ** 2 + v1Var + sexVar[1],
      qt.omegaSlope.value ** 2 + qt.typicalUncertainty.value ** 2 + slopeSexVar,
    ],
    pk,
  };
}
