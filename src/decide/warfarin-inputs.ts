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

export function warfarinInputsFrom(snapshot: PatientSnapshot): {
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
  const doses = snapshot.dosesGiven
    .filter((d) => d.drug === WARFARIN_RXNORM)
    .map((d) => ({ time: d.time, amountMg: d.amountMg }));
  const chronic = snapshot.medications.find(
    (m) => m.drug === WARFARIN_RXNORM && m.regimen && m.regimen.intervalH >= 12,
  );
  const maintenance =
    doses.length === 0 && chronic?.regimen
      ? (chronic.regimen.doseMg * 24) / chronic.regimen.intervalH
      : undefined;
  if (maintenance !== undefined)
    notes.push(
      `Taken as ${maintenance} mg daily for weeks (${chronic?.source ?? 'record'}): steady state assumed at the start.`,
    );
  const inr = (snapshot.measurements.inr ?? [])
    .filter((m) => m.time)
    .map((m) => ({ time: m.time!, value: m.value }))
    .reverse();
  return {
    inputs: {
      ...(snapshot.ageYears !== undefined ? { ageYears: snapshot.ageYears } : {}),
      cyp2c9,
      vkorc1,
      doses,
      inr,
      ...(maintenance !== undefined ? { maintenanceDailyDoseMg: maintenance } : {}),
    },
    notes,
  };
}
