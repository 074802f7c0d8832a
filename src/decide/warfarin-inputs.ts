// PatientSnapshot → the warfarin twin's inputs: age, CYP2C9 and VKORC1 genotypes (unknown → a
// mixture over population frequencies inside the twin), warfarin doses taken, INR values, and the
// daily dose of chronic therapy when only a regimen (not each dose) is on record.
import {
  CYP2C9_DIPLOTYPES,
  VKORC1_GENOTYPES,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
} from '../twin/models/warfarin/parameters.js';
import type { WarfarinInputs } from '../twin/models/warfarin/inputs.js';
import type { PatientSnapshot } from '../twin/snapshot.js';

export const WARFARIN_RXNORM = '11289';

export function warfarinInputsFrom(
  snapshot: PatientSnapshot,
  now = new Date(),
): {
  inputs: WarfarinInputs;
  notes: string[];
} {
  const notes: string[] = [];
  const genotype = (gene: 'CYP2C9' | 'VKORC1') =>
    snapshot.genotypes.find((g) => g.gene === gene && g.genotype)?.genotype;
  const c = genotype('CYP2C9');
  const v = genotype('VKORC1');
  const cyp2c9 =
    c && (CYP2C9_DIPLOTYPES as readonly string[]).includes(c) ? (c as Cyp2c9Diplotype) : 'unknown';
  const vkorc1 =
    v && (VKORC1_GENOTYPES as readonly string[]).includes(v) ? (v as Vkorc1Genotype) : 'unknown';
  if (c && cyp2c9 === 'unknown')
    notes.push(`CYP2C9 ${c} is outside the model's *1/*2/*3 alleles: treated as unknown.`);
  const given = snapshot.dosesGiven
    .filter((d) => d.drug === WARFARIN_RXNORM)
    .map((d) => ({ time: d.time, amountMg: d.amountMg }));
  const chronic = snapshot.medications.find(
    (m) => m.drug === WARFARIN_RXNORM && m.regimen && m.regimen.intervalH >= 12,
  );
  const inr = (snapshot.measurements.inr ?? [])
    .filter((m) => m.time)
    .map((m) => ({ time: m.time!, value: m.value }))
    .reverse();
  // Outpatients on warfarin rarely have each dose recorded, only the prescription: then the doses
  // are taken as prescribed over the INRs' window, and the card says so.
  const asPrescribed =
    given.length === 0 && chronic?.regimen
      ? prescribedDoses(chronic.regimen, chronic.since, inr, now)
      : undefined;
  if (asPrescribed)
    notes.push(
      `No warfarin doses recorded: taken as prescribed, ${asPrescribed.dailyMg} mg daily (${chronic?.source ?? 'record'}), ${
        asPrescribed.startedAt
          ? `started ${asPrescribed.startedAt.slice(0, 10)}`
          : `for weeks, steady state before ${asPrescribed.doses[0]!.time.slice(0, 10)}`
      }; missed or extra doses would change the INR.`,
    );
  const doses = asPrescribed?.doses ?? given;
  const maintenance = asPrescribed?.startedAt ? undefined : asPrescribed?.dailyMg;
  return {
    inputs: {
      ...(snapshot.ageYears !== undefined ? { ageYears: snapshot.ageYears } : {}),
      cyp2c9,
      vkorc1,
      doses,
      ...(asPrescribed ? { dosesSource: 'prescribed' as const } : {}),
      inr,
      ...(maintenance !== undefined ? { maintenanceDailyDoseMg: maintenance } : {}),
    },
    notes,
  };
}

/** How far before the first INR prescribed doses are laid out: the INR's slow response chain has
 * a mean transit time of 120 h (Hamberg 2007, Table 4), so 14 days covers nearly all of it. */
const PRESCRIBED_LEAD_DAYS = 14;

/** INR at or above this before the prescription began means warfarin was already being taken
 * (a renewed prescription), not a new start: off warfarin the INR is 0.8–1.2 (laboratory
 * reference range), so 1.5 is clearly anticoagulated (our cut-off). */
const ON_WARFARIN_INR = 1.5;

/**
 * Daily doses as prescribed up to now: from the prescription's start when it began within the
 * INRs' window and no earlier INR shows warfarin effect (a new start: nothing before it), else
 * from 14 days before the earliest INR (or before now) with steady state assumed before that.
 */
function prescribedDoses(
  regimen: { doseMg: number; intervalH: number },
  since: string | undefined,
  inr: readonly { time: string; value: number }[],
  now: Date,
): { doses: { time: string; amountMg: number }[]; dailyMg: number; startedAt?: string } {
  const stepMs = regimen.intervalH * 3_600_000;
  const firstInrMs =
    inr.length > 0 ? Math.min(...inr.map((m) => Date.parse(m.time))) : now.getTime();
  const leadStartMs = firstInrMs - PRESCRIBED_LEAD_DAYS * 86_400_000;
  const sinceMs = since === undefined ? NaN : Date.parse(since);
  const newStart =
    sinceMs > leadStartMs &&
    sinceMs <= now.getTime() &&
    !inr.some((m) => Date.parse(m.time) < sinceMs && m.value >= ON_WARFARIN_INR);
  const doses: { time: string; amountMg: number }[] = [];
  for (let t = newStart ? sinceMs : leadStartMs; t <= now.getTime(); t += stepMs)
    doses.push({ time: new Date(t).toISOString(), amountMg: regimen.doseMg });
  return {
    doses,
    dailyMg: (regimen.doseMg * 24) / regimen.intervalH,
    ...(newStart ? { startedAt: new Date(sinceMs).toISOString() } : {}),
  };
}
