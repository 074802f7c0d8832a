// Canonical URLs of Twin CDS's FHIR profiles, extensions, code systems and identifier systems
// (STYLE §9: systems are constants). Everything of ours lives under https://twin-cds.example.org/.
const BASE = 'https://twin-cds.example.org';

export const PROFILE = {
  telemonitoringObservation: `${BASE}/StructureDefinition/twin-telemonitoring-observation`,
  prediction: `${BASE}/StructureDefinition/twin-prediction`,
  adverseReactionIssue: `${BASE}/StructureDefinition/twin-adverse-reaction-detected-issue`,
} as const;

export const EXTENSION = {
  predictionInterval: `${BASE}/StructureDefinition/prediction-interval`,
  adverseReactionProbability: `${BASE}/StructureDefinition/adverse-reaction-probability`,
  predictedUnderRegimen: `${BASE}/StructureDefinition/predicted-under-regimen`,
} as const;

export const CODE_SYSTEM = {
  observationCategory: `${BASE}/CodeSystem/twin-observation-category`,
  predictedQuantity: `${BASE}/CodeSystem/twin-predicted-quantity`,
  model: `${BASE}/CodeSystem/twin-model`,
  adverseReaction: `${BASE}/CodeSystem/twin-adverse-reaction`,
} as const;

export const IDENTIFIER_SYSTEM = {
  /** The hub's message id of an MQTT reading (unique per patient, as the store keys it). */
  hubMessageId: `${BASE}/identifier/hub-message-id`,
  /** The device id a hub sends with each reading. */
  hubDeviceId: `${BASE}/identifier/hub-device-id`,
  /** A twin model's id (the version is carried in Device.version). */
  model: `${BASE}/identifier/twin-model`,
} as const;

/** HL7 code systems the profiles use. */
export const HL7_OBSERVATION_CATEGORY =
  'http://terminology.hl7.org/CodeSystem/observation-category';
export const HL7_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const HL7_REFERENCE_RANGE_MEANING =
  'http://terminology.hl7.org/CodeSystem/referencerange-meaning';

/** Base definitions the profiles derive from. */
export const FHIR_BASE = 'http://hl7.org/fhir/StructureDefinition/';
