// Mechanistic static model of CYP-mediated drug–drug interactions: the equations of the FDA
// guidance "In Vitro Drug Interaction Studies — Cytochrome P450 Enzyme- and Transporter-Mediated
// Drug Interactions" (January 2020), section "Mechanistic static model", after Fahmi OA et al.
// Drug Metab Dispos 2009;37(8):1658–1666 (doi:10.1124/dmd.108.026252). The same equations are in
// ICH M12 (2024). Pure functions, no units beyond "the same concentration unit as the constant".

/** Reversible inhibition of one enzyme: A = 1 / (1 + [I]u / Ki,u). */
export function reversibleFactor(unboundConcentration: number, ki: number): number {
  positive(ki, 'Ki');
  nonNegative(unboundConcentration, '[I]u');
  return 1 / (1 + unboundConcentration / ki);
}

/** Time-dependent (mechanism-based) inhibition: B = kdeg / (kdeg + kinact·[I]u / ([I]u + KI)).
 * kinact and kdeg in the same time unit. */
export function timeDependentFactor(
  unboundConcentration: number,
  kinact: number,
  bigKi: number,
  kdeg: number,
): number {
  positive(bigKi, 'KI');
  positive(kdeg, 'kdeg');
  nonNegative(kinact, 'kinact');
  nonNegative(unboundConcentration, '[I]u');
  const kobs = (kinact * unboundConcentration) / (unboundConcentration + bigKi);
  return kdeg / (kdeg + kobs);
}

/** Induction: C = 1 + d·Emax·[I]u / ([I]u + EC50) (d = 1, the guidance's default scaling). Emax
 * is the maximal fold increase above baseline (so C → 1 + Emax). */
export function inductionFactor(
  unboundConcentration: number,
  emax: number,
  ec50: number,
  d = 1,
): number {
  positive(ec50, 'EC50');
  nonNegative(emax, 'Emax');
  nonNegative(unboundConcentration, '[I]u');
  return 1 + (d * emax * unboundConcentration) / (unboundConcentration + ec50);
}

/** One pathway of the victim: its fraction of clearance and the net activity left (A·B·C). */
export interface PathwayActivity {
  /** Fraction of the victim's (hepatic) clearance through this enzyme, 0–1. */
  fm: number;
  /** Net enzyme activity relative to no perpetrator: product of A, B and C over perpetrators. */
  activity: number;
}

/**
 * Hepatic clearance ratio CL(with) / CL(without) = Σ fm_i·X_i + (1 − Σ fm_i), X_i the net activity
 * of enzyme i; the hepatic AUC ratio is its inverse (guidance: AUCR_h = 1 / (Σ fm·X + (1 − Σ fm))).
 * Pathways not listed (renal, other enzymes) are taken as unchanged.
 */
export function clearanceRatio(pathways: readonly PathwayActivity[]): number {
  let fmTotal = 0;
  let sum = 0;
  for (const p of pathways) {
    if (!(p.fm >= 0 && p.fm <= 1)) throw new RangeError(`fm must be in 0–1 (got ${p.fm})`);
    positive(p.activity, 'activity');
    fmTotal += p.fm;
    sum += p.fm * p.activity;
  }
  if (fmTotal > 1 + 1e-9) throw new RangeError(`Σ fm must be ≤ 1 (got ${fmTotal})`);
  return sum + (1 - fmTotal);
}

/** Gut: AUCR_g = 1 / (X_g·(1 − Fg) + Fg), Fg the fraction escaping gut-wall metabolism. */
export function gutAucRatio(fg: number, gutActivity: number): number {
  if (!(fg > 0 && fg <= 1)) throw new RangeError(`Fg must be in (0, 1] (got ${fg})`);
  positive(gutActivity, 'gut activity');
  return 1 / (gutActivity * (1 - fg) + fg);
}

function positive(v: number, what: string): void {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${what} must be > 0 (got ${v})`);
}

function nonNegative(v: number, what: string): void {
  if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${what} must be ≥ 0 (got ${v})`);
}
