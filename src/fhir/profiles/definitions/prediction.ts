// TwinPrediction: a quantity the patient's twin predicts, as an Observation. The median is the
// value, its 90% interval an extension on that value, the model a method coding plus a contained
// Device that carries the model's version. See the profile's element comments for the reasons.
import type { StructureDefinition } from '@medplum/fhirtypes';
import { CODE_SYSTEM, EXTENSION, FHIR_BASE } from '../urls.js';
import { PREDICTION_CATEGORY } from './code-systems.js';
import { URL_SLICING, el, extensionSlice, invariant, profile } from './helpers.js';
import { PATIENT_SUBJECT, UCUM_VALUE, ucumValueElements } from './shared-rules.js';

const INTERVAL = `extension('${EXTENSION.predictionInterval}')`;
const MEDIAN = '%resource.value.ofType(Quantity)';

const INVARIANTS = [
  invariant(
    'twin-pr-1',
    'status is preliminary (as made), final (once a clinician has verified it) or entered-in-error',
    "status = 'preliminary' or status = 'final' or status = 'entered-in-error'",
  ),
  invariant(
    'twin-pr-2',
    'code has a twin-predicted-quantity coding',
    `code.coding.where(system = '${CODE_SYSTEM.predictedQuantity}' and code.exists()).exists()`,
  ),
  UCUM_VALUE('twin-pr-3'),
  invariant(
    'twin-pr-4',
    'the value carries its prediction interval',
    `value.ofType(Quantity).${INTERVAL}.exists()`,
  ),
  invariant(
    'twin-pr-5',
    'the interval is in the unit of the value and brackets it (low <= median <= high)',
    `value.ofType(Quantity).${INTERVAL}.all(` +
      `extension('low').value.code = ${MEDIAN}.code and ` +
      `extension('high').value.code = ${MEDIAN}.code and ` +
      `extension('low').value.value <= ${MEDIAN}.value and ` +
      `${MEDIAN}.value <= extension('high').value.value)`,
  ),
  invariant(
    'twin-pr-6',
    'method names the model (twin-model code system)',
    `method.coding.where(system = '${CODE_SYSTEM.model}' and code.exists()).exists()`,
  ),
  invariant(
    'twin-pr-7',
    'device refers to a contained Device that states the model version',
    "device.reference.startsWith('#') and " +
      'contained.ofType(Device).where(version.value.exists()).exists()',
  ),
  PATIENT_SUBJECT('twin-pr-8', 'subject'),
];

export function predictionProfile(): StructureDefinition {
  return profile(
    {
      id: 'twin-prediction',
      name: 'TwinPrediction',
      title: 'Twin CDS prediction',
      type: 'Observation',
      description:
        "A quantity predicted by the patient's digital twin (e.g. steady-state vancomycin AUC24 " +
        'under a regimen): the median of the posterior predictive distribution as the value, its ' +
        'equal-tailed 90% interval in the prediction-interval extension on the value, the model ' +
        'and its version, the observations the twin was individualised with, and the ' +
        'assumptions made.',
    },
    [
      el('Observation', { constraint: INVARIANTS }),
      el('Observation.contained', {
        short: 'The Device that represents the model and its version (see device)',
      }),
      el('Observation.extension', { slicing: URL_SLICING }),
      ...extensionSlice('Observation.extension', 'regimen', EXTENSION.predictedUnderRegimen, {
        short: 'The medication order whose regimen the prediction assumes',
        min: 0,
        max: '1',
      }),
      el('Observation.status', {
        short: 'preliminary when made; final once a clinician verified it',
        comment:
          'preliminary: a model estimate nobody has verified, which the twin revises as new ' +
          'levels arrive ("data may be incomplete or unverified", R4 ObservationStatus). It also ' +
          'keeps predictions out of result views and queries that take only final results.',
      }),
      el('Observation.category', {
        min: 1,
        slicing: {
          discriminator: [{ type: 'pattern', path: '$this' }],
          ordered: false,
          rules: 'open',
        },
      }),
      el('Observation.category:twinPrediction', {
        min: 1,
        max: '1',
        patternCodeableConcept: {
          coding: [{ system: CODE_SYSTEM.observationCategory, code: PREDICTION_CATEGORY.code }],
        },
      }),
      el('Observation.code', {
        short: 'The predicted quantity (twin-predicted-quantity), never a LOINC measurement code',
      }),
      el('Observation.subject', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}Patient`] }],
      }),
      el('Observation.effective[x]', {
        min: 1,
        type: [{ code: 'dateTime' }, { code: 'Period' }],
        short: 'The time or period the predicted value applies to (the horizon)',
      }),
      el('Observation.issued', { min: 1, short: 'When the twin made the prediction' }),
      ...ucumValueElements('The median of the posterior predictive distribution, in UCUM units.', [
        el('Observation.value[x].extension', { min: 1 }),
        ...extensionSlice(
          'Observation.value[x].extension',
          'predictionInterval',
          EXTENSION.predictionInterval,
          { short: 'The prediction interval (5th-95th percentiles, level 0.90)', min: 1, max: '1' },
        ),
      ]),
      el('Observation.dataAbsentReason', { max: '0' }),
      el('Observation.note', { short: 'One assumption the prediction rests on, per note' }),
      el('Observation.method', {
        min: 1,
        short: 'The model (twin-model code system)',
      }),
      el('Observation.device', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}Device`] }],
        short: 'The model software and version, as a contained Device',
        comment:
          'R4 Observation has no element for an algorithm version; Device.version is where FHIR ' +
          'puts a software version, and Observation.device is "the device used to generate the ' +
          'observation data". Contained, so the prediction stands alone when written to an EHR ' +
          'that does not accept Device resources.',
      }),
      el('Observation.referenceRange', {
        short: 'The therapeutic target, if any (type therapeutic), never the prediction interval',
      }),
      el('Observation.derivedFrom', {
        short: 'The observations (levels, labs, vitals) the twin was individualised with',
      }),
    ],
  );
}
