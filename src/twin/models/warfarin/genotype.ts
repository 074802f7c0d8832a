// Genotype → the set of prior components: one component when both genotypes are known, a finite
// mixture over Hardy–Weinberg diplotype frequencies for each unknown gene (docs/sources §7).
import {
  CYP2C9_DIPLOTYPES,
  EUR_ALLELE_FREQUENCIES,
  VKORC1_GENOTYPES,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
} from './parameters.js';

export interface AlleleFrequencies {
  cyp2c9Star2: number;
  cyp2c9Star3: number;
  vkorc1A: number;
}

export interface GenotypeComponent {
  cyp2c9: Cyp2c9Diplotype;
  vkorc1: Vkorc1Genotype;
  /** Prior probability of this combination (the two genes independent). */
  weight: number;
}

/** Hardy–Weinberg diplotype frequencies; *2 and *3 are on different haplotypes (§7). */
export function cyp2c9Frequencies(f: AlleleFrequencies): Record<Cyp2c9Diplotype, number> {
  const p2 = f.cyp2c9Star2;
  const p3 = f.cyp2c9Star3;
  const p1 = 1 - p2 - p3;
  return {
    '*1/*1': p1 * p1,
    '*1/*2': 2 * p1 * p2,
    '*1/*3': 2 * p1 * p3,
    '*2/*2': p2 * p2,
    '*2/*3': 2 * p2 * p3,
    '*3/*3': p3 * p3,
  };
}

export function vkorc1Frequencies(f: AlleleFrequencies): Record<Vkorc1Genotype, number> {
  const a = f.vkorc1A;
  return { GG: (1 - a) * (1 - a), GA: 2 * a * (1 - a), AA: a * a };
}

/** The prior components for a patient; 'unknown' expands to every genotype of that gene. */
export function genotypeComponents(
  cyp2c9: Cyp2c9Diplotype | 'unknown',
  vkorc1: Vkorc1Genotype | 'unknown',
  frequencies: AlleleFrequencies = EUR_ALLELE_FREQUENCIES,
): GenotypeComponent[] {
  const fc = cyp2c9Frequencies(frequencies);
  const fv = vkorc1Frequencies(frequencies);
  const cs = cyp2c9 === 'unknown' ? CYP2C9_DIPLOTYPES : [cyp2c9];
  const vs = vkorc1 === 'unknown' ? VKORC1_GENOTYPES : [vkorc1];
  const out: GenotypeComponent[] = [];
  for (const c of cs) {
    for (const v of vs) {
      const weight = (cyp2c9 === 'unknown' ? fc[c] : 1) * (vkorc1 === 'unknown' ? fv[v] : 1);
      out.push({ cyp2c9: c, vkorc1: v, weight });
    }
  }
  return out;
}

/** Draws a genotype from population frequencies (for virtual patients). */
export function drawGenotype(
  uniform: () => number,
  frequencies: AlleleFrequencies = EUR_ALLELE_FREQUENCIES,
): { cyp2c9: Cyp2c9Diplotype; vkorc1: Vkorc1Genotype } {
  const pick = <T extends string>(table: Record<T, number>, keys: readonly T[]): T => {
    let u = uniform();
    for (const k of keys) {
      u -= table[k];
      if (u < 0) return k;
    }
    return keys[keys.length - 1]!;
  };
  return {
    cyp2c9: pick(cyp2c9Frequencies(frequencies), CYP2C9_DIPLOTYPES),
    vkorc1: pick(vkorc1Frequencies(frequencies), VKORC1_GENOTYPES),
  };
}
