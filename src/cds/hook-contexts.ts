// The context each supported hook carries, from the CDS Hooks logical models
// (../shared/reference/cds-hooks-models/structuredefinition-CDSHook*Context.json) and, for the
// retired medication-prescribe hook that older clients still send, CDS Hooks 1.0.
export type ContextFieldType =
  'user-reference' | 'id' | 'bundle' | 'reference-list' | 'resource-list-or-bundle';

export interface ContextField {
  name: string;
  required: boolean;
  type: ContextFieldType;
}

const USER_AND_PATIENT: ContextField[] = [
  { name: 'userId', required: true, type: 'user-reference' },
  { name: 'patientId', required: true, type: 'id' },
  { name: 'encounterId', required: false, type: 'id' },
];

export const HOOK_CONTEXTS: Record<string, ContextField[]> = {
  'patient-view': USER_AND_PATIENT,
  'order-select': [
    ...USER_AND_PATIENT,
    { name: 'selections', required: false, type: 'reference-list' },
    { name: 'draftOrders', required: true, type: 'bundle' },
  ],
  'order-sign': [...USER_AND_PATIENT, { name: 'draftOrders', required: true, type: 'bundle' }],
  // CDS Hooks 1.0: medications are the MedicationRequests being prescribed.
  'medication-prescribe': [
    { name: 'userId', required: false, type: 'user-reference' },
    { name: 'patientId', required: true, type: 'id' },
    { name: 'encounterId', required: false, type: 'id' },
    { name: 'medications', required: true, type: 'resource-list-or-bundle' },
  ],
};

/** Hooks a service registered for `hook` also accepts (older names of the same moment). */
export const HOOK_ALIASES: Record<string, readonly string[]> = {
  'order-sign': ['medication-prescribe'],
};
