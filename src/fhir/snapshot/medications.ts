// MedicationRequest / MedicationStatement → medications in use (with regimens);
// MedicationAdministration → doses actually given (time, amount, route, infusion duration).
import type {
  CodeableConcept,
  Coding,
  Medication,
  MedicationAdministration,
  MedicationStatement,
  Resource,
} from '@medplum/fhirtypes';
import type { Terminology } from '../../terminology/terminology.js';
import { convertUcum } from '../../terminology/units.js';
import type { DoseGiven, MedicationUse, Skipped } from '../../twin/snapshot.js';
import { regimenOf } from '../medication-request-regimen.js';
import { refOf } from './resources.js';

/** SNOMED CT route codes read as oral; everything else given by a clinician is taken as IV. */
const ORAL_ROUTES = new Set(['26643006', 'PO']);
const IN_USE_REQUEST = new Set(['active', 'on-hold']);
const IN_USE_STATEMENT = new Set(['active', 'intended']);

/** The codings of a medication, whether inline, a contained Medication, or a Medication resource. */
export function medicationCodings(
  item: {
    medicationCodeableConcept?: CodeableConcept;
    medicationReference?: { reference?: string };
  } & { contained?: Resource[] },
  all: readonly Resource[],
): { codings: Coding[]; display: string } {
  if (item.medicationCodeableConcept) {
    const c = item.medicationCodeableConcept;
    return { codings: c.coding ?? [], display: c.text ?? c.coding?.[0]?.display ?? 'medication' };
  }
  const ref = item.medicationReference?.reference ?? '';
  const pool: Resource[] = [...(item.contained ?? []), ...all];
  const med = pool.find(
    (r): r is Medication =>
      r.resourceType === 'Medication' &&
      (ref === `#${r.id ?? ''}` ||
        ref === `Medication/${r.id ?? ''}` ||
        ref === `urn:uuid:${r.id ?? ''}`),
  );
  return {
    codings: med?.code?.coding ?? [],
    display: med?.code?.text ?? med?.code?.coding?.[0]?.display ?? 'medication',
  };
}

export function readMedications(
  resources: readonly Resource[],
  terminology: Terminology,
  unrecognised: string[],
): MedicationUse[] {
  const uses: MedicationUse[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'MedicationRequest' && r.resourceType !== 'MedicationStatement')
      continue;
    const order = r.resourceType === 'MedicationRequest';
    const status = r.status;
    if (!(order ? IN_USE_REQUEST : IN_USE_STATEMENT).has(status)) continue; // stopped, cancelled, entered-in-error…
    const { codings, display } = medicationCodings(r, resources);
    const drug = terminology.ingredientOf(codings)?.code;
    if (!drug) unrecognised.push(...codings.map((c) => `${c.system ?? '?'}|${c.code ?? '?'}`));
    const regimen = order ? regimenOf(r) : statementRegimen(r);
    uses.push({
      drug,
      display,
      kind: order ? 'order' : 'statement',
      status,
      regimen: 'problem' in regimen ? undefined : regimen,
      since: order ? r.authoredOn : (r.effectivePeriod?.start ?? r.effectiveDateTime),
      source: refOf(r),
    });
  }
  return uses;
}

/** A MedicationStatement's dosage has the same shape as a MedicationRequest's. */
function statementRegimen(s: MedicationStatement): ReturnType<typeof regimenOf> {
  return regimenOf({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: s.subject,
    dosageInstruction: s.dosage,
  });
}

export function readDosesGiven(
  resources: readonly Resource[],
  terminology: Terminology,
  skipped: Skipped[],
): DoseGiven[] {
  const doses: DoseGiven[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'MedicationAdministration') continue;
    const admin = r;
    const drug = terminology.ingredientOf(medicationCodings(admin, resources).codings);
    if (!drug) continue;
    if (admin.status !== 'completed' && admin.status !== 'in-progress') {
      skipped.push({ resource: refOf(admin), reason: `administration status ${admin.status}` });
      continue;
    }
    const dose = doseOf(admin, drug.code, skipped);
    if (dose) doses.push(dose);
  }
  return doses.sort((a, b) => a.time.localeCompare(b.time));
}

function doseOf(
  admin: MedicationAdministration,
  drug: string,
  skipped: Skipped[],
): DoseGiven | undefined {
  const start = admin.effectiveDateTime ?? admin.effectivePeriod?.start;
  const dose = admin.dosage?.dose;
  if (!start || Number.isNaN(Date.parse(start)) || dose?.value === undefined) {
    skipped.push({ resource: refOf(admin), reason: 'administration without a time or dose' });
    return undefined;
  }
  try {
    const amountMg = convertUcum(dose.value, dose.code ?? dose.unit ?? '', 'mg');
    const end = admin.effectivePeriod?.end;
    const durationH = end ? (Date.parse(end) - Date.parse(start)) / 3_600_000 : undefined;
    const route = admin.dosage?.route?.coding?.some((c) => c.code && ORAL_ROUTES.has(c.code))
      ? 'oral'
      : 'iv';
    return {
      drug,
      time: new Date(start).toISOString(),
      amountMg,
      durationH: durationH !== undefined && durationH > 0 ? durationH : undefined,
      route,
      source: refOf(admin),
    };
  } catch (error) {
    skipped.push({ resource: refOf(admin), reason: `dose: ${(error as Error).message}` });
    return undefined;
  }
}
