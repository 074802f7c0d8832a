import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Extension, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import {
  type AdverseReactionInput,
  adverseReactionIssue,
} from '../../../src/fhir/profiles/adverse-reaction-issue.js';
import {
  type PredictionInput,
  predictionObservation,
} from '../../../src/fhir/profiles/prediction-observation.js';
import { validateAgainstProfile } from '../../../src/fhir/profiles/profile-registry.js';
import { telemonitoringObservation } from '../../../src/fhir/profiles/telemonitoring-observation.js';
import { EXTENSION, PROFILE } from '../../../src/fhir/profiles/urls.js';
import type { VitalReading } from '../../../src/store/types.js';
import { decodeVitalsMessage } from '../../../src/telemetry/reading-decoder.js';
import { loadTerminology } from '../../../src/terminology/terminology.js';
import { interval90 } from '../../../src/twin/models/vancomycin/twin.js';

const terminology = loadTerminology();
const now = new Date('2026-11-22T12:00:00Z');
const decode = (payload: unknown): VitalReading[] =>
  decodeVitalsMessage('twin/pat-1/vitals', Buffer.from(JSON.stringify(payload)), terminology, {
    maxFutureSkewMs: 0,
    now: () => now,
  }).readings;

function assertConforms(resource: Resource, profile: string): void {
  const issues: OperationOutcomeIssue[] = validateAgainstProfile(resource, profile);
  const errors = issues.filter((i) => i.severity === 'error');
  assert.equal(errors.length, 0, errors.map((e) => e.details?.text).join('\n'));
}

const heartRate = {
  id: 'm1',
  device: 'watch-1',
  code: '8867-4',
  system: 'http://loinc.org',
  value: 72,
  unit: '/min',
  time: '2026-11-22T10:00:00Z',
};

describe('telemonitoringObservation', () => {
  test('a decoded MQTT reading becomes a conforming vital-signs Observation', () => {
    const [reading] = decode(heartRate);
    const obs = telemonitoringObservation(reading!);
    assertConforms(obs, PROFILE.telemonitoringObservation);
    assert.equal(obs.meta?.source, 'urn:twin-cds:mqtt:twin/pat-1/vitals');
    assert.equal(obs.identifier?.[0]?.value, 'm1');
    assert.equal(obs.category?.[0]?.coding?.[0]?.code, 'vital-signs');
    assert.deepEqual(obs.valueQuantity, {
      value: 72,
      unit: '/min',
      system: 'http://unitsofmeasure.org',
      code: '/min',
    });
    assert.equal(obs.device?.display, 'watch-1');
    assert.equal(obs.issued, now.toISOString());
  });

  test('published back over MQTT, it decodes to the same reading', () => {
    const [reading] = decode(heartRate);
    const [again] = decode(telemonitoringObservation(reading!));
    assert.deepEqual(again, reading);
  });

  test('CGM glucose is a laboratory result; a converted value can carry the matching LOINC', () => {
    const [reading] = decode({ ...heartRate, code: '2339-0', value: 99.1, unit: 'mg/dL' });
    assert.equal(reading?.unit, 'mmol/L');
    const obs = telemonitoringObservation(reading, {
      loinc: { code: '15074-8', display: 'Glucose [Moles/volume] in Blood' },
      deviceReference: 'Device/cgm-1',
      source: 'mqtt://broker.example.org:1883/twin/pat-1/vitals',
    });
    assertConforms(obs, PROFILE.telemonitoringObservation);
    assert.equal(obs.category?.[0]?.coding?.[0]?.code, 'laboratory');
    assert.equal(obs.code.coding?.[0]?.code, '15074-8');
    assert.equal(obs.device?.reference, 'Device/cgm-1');
  });

  test('a reading with no LOINC code, or a bad unit, is refused up front', () => {
    const [reading] = decode(heartRate);
    assert.throws(() => telemonitoringObservation({ ...reading!, system: 'urn:other' }), {
      name: 'ProfileInputError',
      message: /no LOINC code/,
    });
    assert.throws(() => telemonitoringObservation({ ...reading!, unit: 'beats' }), /UCUM/);
  });
});

// Stand-in posterior draws of AUC24 (mg·h/L), summarised by the twin's own interval90.
const auc = interval90(Array.from({ length: 1001 }, (_, i) => 380 + 0.25 * i));

const prediction: PredictionInput = {
  patientId: 'pat-1',
  quantity: { code: 'vancomycin-auc24-ss', unit: 'mg.h/L' },
  median: auc.p50,
  p05: auc.p05,
  p95: auc.p95,
  model: {
    id: 'vancomycin-goti-2018',
    name: 'Vancomycin two-compartment population PK model (Goti 2018)',
    version: '0.1.0',
  },
  effective: { start: '2026-11-24T08:00:00Z', end: '2026-11-25T08:00:00Z' },
  issued: '2026-11-22T10:05:00.000Z',
  derivedFrom: ['Observation/level-1', { reference: 'Observation/scr-1', display: 'SCr' }],
  assumptions: ['no dialysis on record, taken as not on dialysis'],
  regimen: { reference: 'MedicationRequest/draft-1', display: '1250 mg q12h over 2 h' },
  target: { low: 400, high: 600, text: 'Rybak 2020' },
};

describe('predictionObservation', () => {
  test('a prediction conforms: median value, 90% interval on it, model in a contained Device', () => {
    const obs = predictionObservation(prediction);
    assertConforms(obs, PROFILE.prediction);
    assert.equal(obs.status, 'preliminary');
    assert.equal(obs.valueQuantity?.value, Number(auc.p50.toPrecision(3)));
    const interval = obs.valueQuantity.extension?.[0];
    assert.equal(interval?.url, EXTENSION.predictionInterval);
    const part = (name: string): Extension | undefined =>
      interval.extension?.find((e) => e.url === name);
    assert.equal(part('low')?.valueQuantity?.value, Number(auc.p05.toPrecision(3)));
    assert.equal(part('high')?.valueQuantity?.value, Number(auc.p95.toPrecision(3)));
    assert.equal(part('level')?.valueDecimal, 0.9);
    assert.equal(obs.device?.reference, '#twin-model');
    assert.equal(obs.contained?.[0]?.resourceType, 'Device');
    assert.equal(
      obs.note?.[0]?.text,
      'Assumption: no dialysis on record, taken as not on dialysis',
    );
    assert.equal(obs.referenceRange?.[0]?.high?.value, 600);
    assert.equal(obs.derivedFrom?.length, 2);
  });

  test('a point-in-time prediction with nothing optional conforms too', () => {
    const obs = predictionObservation({
      patientId: 'pat-1',
      quantity: { code: 'vancomycin-trough-ss', unit: 'mg/L' },
      median: 12.34567,
      p05: 8.1,
      p95: 17.9,
      model: prediction.model,
      effective: '2026-11-25T07:59:00Z',
      issued: '2026-11-22T10:05:00Z',
    });
    assertConforms(obs, PROFILE.prediction);
    assert.equal(obs.valueQuantity?.value, 12.3);
    assert.equal(obs.extension, undefined);
  });

  test('inputs that would make a wrong resource are refused, naming the field', () => {
    const bad = (patch: Partial<PredictionInput>, message: RegExp) =>
      assert.throws(() => predictionObservation({ ...prediction, ...patch }), {
        name: 'ProfileInputError',
        message,
      });
    bad({ p05: 700 }, /p05 700 exceeds median/);
    bad({ median: Number.NaN }, /median/);
    bad({ quantity: { code: 'vancomycin-auc24-ss', unit: 'mg h/L' } }, /UCUM/);
    bad({ patientId: 'pat 1' }, /patientId/);
    bad({ effective: { start: '2026-11-25T08:00:00Z', end: '2026-11-24T08:00:00Z' } }, /after/);
    bad({ issued: '2026-11-22 10:05' }, /issued/);
    bad({ target: { low: 600, high: 400 } }, /target\.low/);
  });
});

const issue: AdverseReactionInput = {
  patientId: 'pat-1',
  kind: 'nephrotoxicity',
  severity: 'moderate',
  probability: 0.18234,
  probabilityInterval: { low: 0.0912, high: 0.3141 },
  implicated: { reference: 'MedicationRequest/draft-1', display: 'Vancomycin 1750 mg q12h' },
  evidence: ['urn:uuid:8f7a4c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b'],
  detail: 'Predicted AUC24 720 mg.h/L exceeds 600. Suggested: 1250 mg q12h.',
  identified: '2026-11-22T10:05:00Z',
};

describe('adverseReactionIssue', () => {
  test('a predicted reaction conforms, with REACT and our code, and the probability interval', () => {
    const di = adverseReactionIssue(issue);
    assertConforms(di, PROFILE.adverseReactionIssue);
    assert.deepEqual(
      di.code?.coding?.map((c) => c.code),
      ['REACT', 'nephrotoxicity'],
    );
    const parts = Object.fromEntries(
      (di.extension?.[0]?.extension ?? []).map((e) => [e.url, e.valueDecimal]),
    );
    assert.deepEqual(parts, { probability: 0.182, low: 0.0912, high: 0.314, level: 0.9 });
    assert.equal(di.mitigation, undefined);
  });

  test('each kind, with an accepted suggestion recorded as a mitigation, conforms', () => {
    for (const kind of ['bleeding', 'qtc-prolongation', 'hypoglycaemia'] as const) {
      const di = adverseReactionIssue({
        ...issue,
        kind,
        severity: 'high',
        implicated: ['MedicationRequest/a', 'MedicationRequest/b'],
        mitigation: {
          action: 'Dose reduced to 1250 mg q12h',
          coding: {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
            code: '8',
            display: 'Other Action Taken',
          },
          date: '2026-11-22T10:07:00Z',
          author: 'Practitioner/dr-1',
        },
      });
      assertConforms(di, PROFILE.adverseReactionIssue);
      assert.equal(di.implicated?.length, 2);
    }
  });

  test('probabilities outside [0, 1], an inverted interval or no evidence are refused', () => {
    const bad = (patch: Partial<AdverseReactionInput>, message: RegExp) =>
      assert.throws(() => adverseReactionIssue({ ...issue, ...patch }), {
        name: 'ProfileInputError',
        message,
      });
    bad({ probability: 18 }, /probability must be a probability/);
    bad({ probabilityInterval: { low: 0.4, high: 0.2 } }, /low 0.4 exceeds/);
    bad({ probabilityInterval: { low: 0.1, high: 0.2, level: 90 } }, /level/);
    bad({ evidence: [] }, /evidence/);
    bad({ implicated: [] }, /implicated/);
    bad({ detail: ' ' }, /detail/);
  });
});
