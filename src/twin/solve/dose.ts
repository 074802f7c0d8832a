// Dosing events shared by every model (closed-form and ODE), with validation and regimen helpers.
// Units: time in h from the simulation origin, amount in mg.

export type DoseRoute = 'iv' | 'oral';

export interface Dose {
  /** h from the simulation origin (>= 0). */
  time: number;
  /** mg (>= 0). */
  amount: number;
  /** > 0 for a zero-order infusion over this many hours; absent or 0 = bolus. */
  durationH?: number;
  /** 'oral' (and any extravascular route) goes to the depot, which needs ka. */
  route: DoseRoute;
}

/** A dose list or regimen description that cannot be simulated. */
export class DoseError extends Error {
  override readonly name = 'DoseError';
  constructor(
    message: string,
    /** Index of the offending dose in the list as given, or -1 for regimen options. */
    readonly index: number,
  ) {
    super(message);
  }
}

/** True when the dose is a zero-order infusion rather than a bolus. */
export function isInfusion(dose: Dose): boolean {
  return dose.durationH !== undefined && dose.durationH > 0;
}

function checkDose(dose: Dose, i: number): void {
  const where = `doses[${i}]`;
  if (!Number.isFinite(dose.time) || dose.time < 0) {
    throw new DoseError(`${where}.time must be a finite number >= 0 h (got ${dose.time})`, i);
  }
  if (!Number.isFinite(dose.amount) || dose.amount < 0) {
    throw new DoseError(`${where}.amount must be a finite number >= 0 mg (got ${dose.amount})`, i);
  }
  const d = dose.durationH;
  if (d !== undefined && (!Number.isFinite(d) || d < 0)) {
    throw new DoseError(`${where}.durationH must be a finite number >= 0 h (got ${d})`, i);
  }
  if ((dose.route as string) !== 'iv' && (dose.route as string) !== 'oral') {
    throw new DoseError(`${where}.route must be 'iv' or 'oral' (got ${dose.route as string})`, i);
  }
}

/**
 * Checks every dose and returns them in time order. The input array itself is returned when it is
 * already sorted (no copy in the hot path); otherwise a stably sorted copy, so doses at the same
 * time keep their given order.
 */
export function validateDoses(doses: readonly Dose[]): readonly Dose[] {
  let sorted = true;
  for (let i = 0; i < doses.length; i++) {
    const dose = doses[i]!;
    checkDose(dose, i);
    if (i > 0 && dose.time < doses[i - 1]!.time) sorted = false;
  }
  return sorted ? doses : [...doses].sort((a, b) => a.time - b.time);
}

export interface RepeatDosesOptions {
  /** mg per dose. */
  amount: number;
  /** h between dose starts. */
  intervalH: number;
  /** Number of doses (integer >= 1). */
  count: number;
  /** h of the first dose; default 0. */
  startH?: number;
  /** Infusion duration in h; absent or 0 = bolus. May exceed intervalH (infusions then overlap). */
  durationH?: number;
  route: DoseRoute;
}

/** A regular regimen: `count` doses of `amount` every `intervalH` from `startH`. */
export function repeatDoses(options: RepeatDosesOptions): Dose[] {
  const { amount, intervalH, count, startH = 0, durationH, route } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new DoseError(`repeatDoses: count must be an integer >= 1 (got ${count})`, -1);
  }
  if (!Number.isFinite(intervalH) || intervalH <= 0) {
    throw new DoseError(
      `repeatDoses: intervalH must be a finite number > 0 h (got ${intervalH})`,
      -1,
    );
  }
  const doses: Dose[] = [];
  for (let i = 0; i < count; i++) {
    const dose: Dose = { time: startH + i * intervalH, amount, route };
    if (durationH !== undefined) dose.durationH = durationH;
    doses.push(dose);
  }
  try {
    validateDoses(doses);
  } catch (error) {
    if (error instanceof DoseError) throw new DoseError(`repeatDoses: ${error.message}`, -1);
    throw error;
  }
  return doses;
}

/**
 * Amount (mg) that has entered the body by time t: boluses at or before t, infusions pro rata.
 * Bioavailability is not applied here (callers multiply oral amounts by f).
 */
export function amountGivenBy(doses: readonly Dose[], t: number, route?: DoseRoute): number {
  let total = 0;
  for (const dose of doses) {
    if (route !== undefined && dose.route !== route) continue;
    if (dose.time > t) continue;
    if (isInfusion(dose)) {
      const d = dose.durationH!;
      total += dose.amount * Math.min(1, (t - dose.time) / d);
    } else {
      total += dose.amount;
    }
  }
  return total;
}
