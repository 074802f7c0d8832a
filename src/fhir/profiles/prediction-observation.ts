// Builds a TwinPrediction Observation: a predicted quantity's median with its 90% interval, the
// model and version that made it, what it was derived from and what it assumed (pure).
import type { Device, Extension, Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import {
  type ReferenceInput,
  ProfileInputError,
  referenceOf,
  requireDateTime,
  requireFhirId,
  requireFinite,
  requireOrdered,
  requireText,
  requireUcum,
  roundSignificant,
  ucumQuantity,
} from './builder-input.js';
import {
  PREDICTED_QUANTITIES,
  PREDICTION_CATEGORY,
  TWIN_MODELS,
  type PredictedQuantityCode,
  type TwinModelCode,
} from './definitions/code-systems.js';
import {
  CODE_SYSTEM,
  EXTENSION,
  HL7_REFERENCE_RANGE_MEANING,
  IDENTIFIER_SYSTEM,
  PROFILE,
} from './urls.js';

export interface PredictionInput {
  patientId: string;
  /** What is predicted; display defaults to the code system's, unit is a UCUM code. */
  quantity: { code: PredictedQuantityCode; display?: string; unit: string };
  /** Median and the 5th and 95th percentiles of the posterior predictive distribution. */
  median: number;
  p05: number;
  p95: number;
  model: { id: TwinModelCode; name: string; version: string };
  /** The time, or period, the predicted value applies to (the horizon). */
  effective: string | { start: string; end: string };
  /** When the twin made the prediction (builders read no clock). */
  issued: string;
  /** The observations the twin was individualised with. */
  derivedFrom?: readonly ReferenceInput[];
  /** One sentence per assumption (e.g. a missing covariate taken as typical). */
  assumptions?: readonly string[];
  /** The medication order whose regimen the prediction assumes. */
  regimen?: ReferenceInput;
  /** Therapeutic target in the quantity's unit (e.g. AUC24 400–600 mg·h/L, Rybak 2020). */
  target?: { low: number; high: number; text?: string };
  /** preliminary (default) until a clinician has verified the prediction. */
  status?: 'preliminary' | 'final';
  id?: string;
  /** Significant digits kept (default 3). */
  significantDigits?: number;
}

const MODEL_DEVICE_ID = 'twin-model';

export function predictionObservation(input: PredictionInput): Observation {
  const unit = requireUcum(input.quantity.unit, 'quantity.unit');
  const digits = input.significantDigits ?? 3;
  const [p05, median, p95] = [input.p05, input.median, input.p95].map((v) =>
    roundSignificant(v, digits),
  ) as [number, number, number];
  requireOrdered([
    ['p05', requireFinite(p05, 'p05')],
    ['median', requireFinite(median, 'median')],
    ['p95', requireFinite(p95, 'p95')],
  ]);
  const notes = (input.assumptions ?? []).map((a, i) => ({
    text: `Assumption: ${requireText(a, `assumptions[${i}]`)}`,
  }));
  return {
    resourceType: 'Observation',
    ...(input.id ? { id: requireFhirId(input.id, 'id') } : {}),
    meta: { profile: [PROFILE.prediction] },
    contained: [modelDevice(input.model)],
    ...(input.regimen ? { extension: [regimenExtension(input.regimen)] } : {}),
    status: input.status ?? 'preliminary',
    category: [{ coding: [predictionCategory] }],
    code: { coding: [quantityCoding(input.quantity)] },
    subject: { reference: `Patient/${requireFhirId(input.patientId, 'patientId')}` },
    ...effectiveOf(input.effective),
    issued: requireDateTime(input.issued, 'issued'),
    valueQuantity: {
      extension: [intervalExtension(p05, p95, unit)],
      ...ucumQuantity(median, unit),
    },
    ...(notes.length > 0 ? { note: notes } : {}),
    method: { coding: [modelCoding(input.model.id)] },
    device: {
      reference: `#${MODEL_DEVICE_ID}`,
      display: `${input.model.name}, version ${input.model.version}`,
    },
    ...(input.target ? { referenceRange: [targetRange(input.target, unit)] } : {}),
    ...(input.derivedFrom?.length
      ? { derivedFrom: input.derivedFrom.map((r, i) => referenceOf(r, `derivedFrom[${i}]`)) }
      : {}),
  };
}

const predictionCategory = {
  system: CODE_SYSTEM.observationCategory,
  code: PREDICTION_CATEGORY.code,
  display: PREDICTION_CATEGORY.display,
};

function quantityCoding(quantity: PredictionInput['quantity']) {
  const known = PREDICTED_QUANTITIES.find((q) => q.code === quantity.code);
  if (!known)
    throw new ProfileInputError(`quantity.code ${quantity.code} is not in the code system`);
  return {
    system: CODE_SYSTEM.predictedQuantity,
    code: known.code,
    display: quantity.display ?? known.display,
  };
}

function modelCoding(id: TwinModelCode) {
  const known = TWIN_MODELS.find((m) => m.code === id);
  if (!known) throw new ProfileInputError(`model.id ${id} is not in the code system`);
  return { system: CODE_SYSTEM.model, code: known.code, display: known.display };
}

function modelDevice(model: PredictionInput['model']): Device {
  return {
    resourceType: 'Device',
    id: MODEL_DEVICE_ID,
    identifier: [{ system: IDENTIFIER_SYSTEM.model, value: model.id }],
    deviceName: [{ name: requireText(model.name, 'model.name'), type: 'user-friendly-name' }],
    type: { text: 'Digital twin model (software)' },
    version: [{ value: requireText(model.version, 'model.version') }],
  };
}

function regimenExtension(regimen: ReferenceInput): Extension {
  return { url: EXTENSION.predictedUnderRegimen, valueReference: referenceOf(regimen, 'regimen') };
}

function intervalExtension(p05: number, p95: number, unit: string): Extension {
  return {
    url: EXTENSION.predictionInterval,
    extension: [
      { url: 'low', valueQuantity: ucumQuantity(p05, unit) },
      { url: 'high', valueQuantity: ucumQuantity(p95, unit) },
      { url: 'level', valueDecimal: 0.9 },
    ],
  };
}

function effectiveOf(effective: PredictionInput['effective']): Partial<Observation> {
  if (typeof effective === 'string') {
    return { effectiveDateTime: requireDateTime(effective, 'effective') };
  }
  const start = requireDateTime(effective.start, 'effective.start');
  const end = requireDateTime(effective.end, 'effective.end');
  if (Date.parse(start) > Date.parse(end)) {
    throw new ProfileInputError(`effective.start ${start} is after effective.end ${end}`);
  }
  return { effectivePeriod: { start, end } };
}

function targetRange(target: NonNullable<PredictionInput['target']>, unit: string) {
  requireOrdered([
    ['target.low', requireFinite(target.low, 'target.low')],
    ['target.high', requireFinite(target.high, 'target.high')],
  ]);
  const range: ObservationReferenceRange = {
    low: ucumQuantity(target.low, unit),
    high: ucumQuantity(target.high, unit),
    type: {
      coding: [
        {
          system: HL7_REFERENCE_RANGE_MEANING,
          code: 'therapeutic',
          display: 'Therapeutic Desired Level',
        },
      ],
    },
    ...(target.text ? { text: target.text } : {}),
  };
  return range;
}
