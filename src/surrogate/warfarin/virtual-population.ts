// Virtual patients for training and testing the warfarin surrogate, drawn from the Hamberg 2007
// population model with realistic covariates: age ~ N(67, 13²) truncated to 18–100 y (adults on
// warfarin are mostly elderly; our choice), CYP2C9/VKORC1 from Hardy–Weinberg 1000 Genomes EUR
// frequencies (the model's default population), and random effects from the prior.
// For TRAINING the population is deliberately wider than the prior: random-effect SDs × 1.5 (so
// posterior draws in a prior's tails are inside the training domain), a quarter of genotypes
// drawn uniformly over the 18 combinations (the rare *2/*3, *3/*3 and AA cells would otherwise
// get a handful of patients), and BASE with log-SD 0.2 (measured baselines 0.7–1.5). Deviates
// are truncated at ±3.5 SD (±5.25 prior SD: a 1000-draw prior twin reaches ~4.5 SD): far
// beyond that the mechanistic model's fixed-step integrator itself fails (MTT2 ≈ 0.4 h, 7 prior
// SD low, gave INR 3e34), so no label there could be trusted.
import type { Rng } from '../../twin/infer/index.js';
import { drawGenotype, type GenotypeComponent } from '../../twin/models/warfarin/genotype.js';
import {
  CYP2C9_DIPLOTYPES,
  VKORC1_GENOTYPES,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
} from '../../twin/models/warfarin/parameters.js';
import type { WarfarinIndividual } from '../../twin/models/warfarin/pkpd.js';
import {
  individualFromTheta,
  omegaDiagonal,
  typicalParameters,
} from '../../twin/models/warfarin/prior.js';

export interface PopulationSpec {
  /** Multiplies every random-effect SD. */
  etaSdScale: number;
  /** Fraction of genotypes drawn uniformly over the 18 combinations instead of by frequency. */
  uniformGenotypeFraction: number;
  /** log-SD of the baseline INR around 1.0. */
  baseLogSd: number;
  /** Every standard-normal deviate (random effects, log BASE) is truncated to ±this. */
  truncateSd: number;
  age: { mean: number; sd: number; low: number; high: number };
}

/** The population the prior describes (held-out test patients). */
export const PRIOR_POPULATION: PopulationSpec = {
  etaSdScale: 1,
  uniformGenotypeFraction: 0,
  baseLogSd: 0.1,
  truncateSd: 4,
  age: { mean: 67, sd: 13, low: 18, high: 100 },
};

/** The wider training population (header comment). */
export const TRAINING_POPULATION: PopulationSpec = {
  etaSdScale: 1.5,
  uniformGenotypeFraction: 0.25,
  baseLogSd: 0.2,
  truncateSd: 3.5,
  age: PRIOR_POPULATION.age,
};

export interface VirtualPatient {
  ageYears: number;
  cyp2c9: Cyp2c9Diplotype;
  vkorc1: Vkorc1Genotype;
  individual: WarfarinIndividual;
}

/** Standard normal truncated to ±limit (rejection). */
function truncatedNormal(rng: Rng, limit: number): number {
  for (;;) {
    const z = rng.normal();
    if (Math.abs(z) <= limit) return z;
  }
}

function drawAge(rng: Rng, a: PopulationSpec['age']): number {
  for (;;) {
    const age = a.mean + a.sd * rng.normal();
    if (age >= a.low && age <= a.high) return age;
  }
}

function drawComponent(rng: Rng, spec: PopulationSpec): GenotypeComponent {
  if (rng.uniform() < spec.uniformGenotypeFraction) {
    const i = Math.floor(rng.uniform() * CYP2C9_DIPLOTYPES.length * VKORC1_GENOTYPES.length);
    return {
      cyp2c9: CYP2C9_DIPLOTYPES[i % CYP2C9_DIPLOTYPES.length]!,
      vkorc1: VKORC1_GENOTYPES[Math.floor(i / CYP2C9_DIPLOTYPES.length)]!,
      weight: 1,
    };
  }
  return { ...drawGenotype(() => rng.uniform()), weight: 1 };
}

export function drawVirtualPatient(rng: Rng, spec: PopulationSpec): VirtualPatient {
  const ageYears = drawAge(rng, spec.age);
  const component = drawComponent(rng, spec);
  const baseInr = Math.exp(spec.baseLogSd * truncatedNormal(rng, spec.truncateSd));
  const covariates = { ageYears, extraLogClVariance: 0, baselineInr: baseInr };
  const typical = typicalParameters(component, covariates);
  const omega = omegaDiagonal(covariates);
  const theta = typical.map(
    (t, k) =>
      t * Math.exp(spec.etaSdScale * Math.sqrt(omega[k]!) * truncatedNormal(rng, spec.truncateSd)),
  );
  return {
    ageYears,
    cyp2c9: component.cyp2c9,
    vkorc1: component.vkorc1,
    individual: individualFromTheta(theta, baseInr),
  };
}
