import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateHookRequest } from '../../../src/cds/request-validation.js';
import { ServiceError } from '../../../src/errors.js';

const UUID = 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea';
const draftOrders = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { resource: { resourceType: 'MedicationRequest', id: 'm1', status: 'draft', intent: 'order' } },
  ],
};
const base = (
  hook: string,
  context: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  hook,
  hookInstance: UUID,
  context: { userId: 'Practitioner/p1', patientId: 'pt-1', ...context },
  ...extra,
});

/** The `expression`s of the issues a request is refused with. */
function problems(body: unknown, hook: string): string[] {
  try {
    validateHookRequest(body, hook);
    return [];
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.code, 'invalid-request');
    return error.issues.map((i) => i.expression ?? '(body)');
  }
}

describe('hook request validation', () => {
  test('well-formed patient-view, order-select and order-sign requests pass', () => {
    assert.deepEqual(problems(base('patient-view', { encounterId: 'e-9' }), 'patient-view'), []);
    assert.deepEqual(
      problems(
        base('order-select', { draftOrders, selections: ['MedicationRequest/m1'] }),
        'order-select',
      ),
      [],
    );
    assert.deepEqual(problems(base('order-sign', { draftOrders }), 'order-sign'), []);
  });

  test('the top level: hook, hookInstance (a UUID), fhirServer/fhirAuthorization, prefetch', () => {
    assert.deepEqual(problems({ context: {} }, 'patient-view').slice(0, 2), [
      'hook',
      'hookInstance',
    ]);
    assert.deepEqual(
      problems({ ...base('patient-view', {}), hookInstance: 'not-a-uuid' }, 'patient-view'),
      ['hookInstance'],
    );
    assert.deepEqual(problems(base('order-sign', { draftOrders }), 'patient-view'), ['hook']);
    const auth = {
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'user/*.read',
      subject: 'twin',
    };
    assert.deepEqual(
      problems(base('patient-view', {}, { fhirAuthorization: auth }), 'patient-view'),
      ['fhirAuthorization'],
    );
    assert.deepEqual(
      problems(
        base(
          'patient-view',
          {},
          {
            fhirServer: 'ftp://x',
            fhirAuthorization: { ...auth, token_type: 'MAC', expires_in: '300' },
          },
        ),
        'patient-view',
      ),
      ['fhirServer', 'fhirAuthorization.token_type', 'fhirAuthorization.expires_in'],
    );
    assert.deepEqual(
      problems(
        base('patient-view', {}, { prefetch: { patient: 'Patient/1', labs: null } }),
        'patient-view',
      ),
      ['prefetch.patient'],
    );
  });

  test('each hook’s context fields, with where', () => {
    assert.deepEqual(
      problems(base('patient-view', { userId: 'doctor', patientId: 'has space' }), 'patient-view'),
      ['context.userId', 'context.patientId'],
    );
    assert.deepEqual(problems(base('order-sign', {}), 'order-sign'), ['context.draftOrders']);
    assert.deepEqual(
      problems(
        base('order-sign', { draftOrders: { resourceType: 'Bundle', entry: [{}] } }),
        'order-sign',
      ),
      ['context.draftOrders'],
    );
    assert.deepEqual(
      problems(
        base('order-select', { draftOrders, selections: ['MedicationRequest/other'] }),
        'order-select',
      ),
      ['context.selections[0]'],
    );
    assert.deepEqual(
      problems(
        base('order-select', { draftOrders, selections: 'MedicationRequest/m1' }),
        'order-select',
      ),
      ['context.selections'],
    );
  });

  test('medication-prescribe (CDS Hooks 1.0) is accepted by an order-sign service, its medications as draftOrders', () => {
    const request = validateHookRequest(
      {
        hook: 'medication-prescribe',
        hookInstance: UUID,
        context: { patientId: 'pt-1', medications: [draftOrders.entry[0]!.resource] },
      },
      'order-sign',
    );
    const bundle = request.context.draftOrders as { entry: { resource: { id: string } }[] };
    assert.equal(bundle.entry[0]!.resource.id, 'm1');
    assert.deepEqual(
      problems(
        { hook: 'medication-prescribe', hookInstance: UUID, context: { patientId: 'pt-1' } },
        'order-sign',
      ),
      ['context.medications'],
    );
  });
});
