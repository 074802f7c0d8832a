import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Resource } from '@medplum/fhirtypes';
import { prefetchTokens, renderTemplate, resolvePrefetch } from '../../../src/cds/prefetch.js';
import type { FhirGateway } from '../../../src/fhir/fhir-gateway.js';
import type { HookRequest } from '../../../src/cds/types.js';

const request = (prefetch: Record<string, Resource | null>): HookRequest => ({
  hook: 'patient-view',
  hookInstance: 'h1',
  fhirServer: 'https://ehr.example.org/fhir',
  context: { userId: 'PractitionerRole/r9', patientId: 'p1', encounterId: 'e1' },
  prefetch,
});

function recordingGateway(answers: Record<string, Resource>): FhirGateway & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    rest(bundle) {
      calls.push('(next page)');
      return Promise.resolve({
        ...bundle,
        entry: [
          ...(bundle.entry ?? []),
          { resource: { resourceType: 'Condition', id: 'page-2' } as Resource },
        ],
      });
    },
    get(url) {
      calls.push(url);
      const answer = answers[url.split(/[/?]/)[0]!];
      return answer ? Promise.resolve(answer) : Promise.reject(new Error('HTTP 500'));
    },
  };
}

describe('prefetch tokens and templates', () => {
  test('context root primitives and the user id tokens render; a missing token leaves the template unrendered', () => {
    const tokens = prefetchTokens({
      userId: 'PractitionerRole/r9',
      patientId: 'p1',
      draftOrders: { resourceType: 'Bundle' },
    });
    assert.equal(renderTemplate('Patient/{{context.patientId}}', tokens), 'Patient/p1');
    assert.equal(
      renderTemplate('PractitionerRole?_id={{userPractitionerRoleId}}', tokens),
      'PractitionerRole?_id=r9',
    );
    assert.equal(renderTemplate('Practitioner/{{userPractitionerId}}', tokens), undefined);
    assert.equal(renderTemplate('X?id={{context.draftOrders}}', tokens), undefined);
    const patientUser = prefetchTokens({ userId: 'Patient/p7', patientId: 'p7' });
    assert.equal(renderTemplate('Patient/{{userPatientId}}', patientUser), 'Patient/p7');
    assert.equal(
      renderTemplate(
        'RelatedPerson/{{userRelatedPersonId}}',
        prefetchTokens({ userId: 'RelatedPerson/x' }),
      ),
      'RelatedPerson/x',
    );
  });
});

describe('resolvePrefetch', () => {
  const templates = {
    patient: 'Patient/{{context.patientId}}',
    labs: 'Observation?patient={{context.patientId}}&code=2160-0',
    conditions: 'Condition?patient={{context.patientId}}',
    meds: 'MedicationRequest?patient={{context.patientId}}',
  };
  const patient: Resource = { resourceType: 'Patient', id: 'p1' };
  const empty: Resource = { resourceType: 'Bundle', type: 'searchset', entry: [] };

  test('omitted keys are fetched; null keys are "no data"; an OperationOutcome is not re-fetched', async () => {
    const gateway = recordingGateway({ Observation: empty, MedicationRequest: empty });
    const outcome: Resource = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'timeout', diagnostics: 'EHR timeout' }],
    };
    const result = await resolvePrefetch({
      templates,
      request: request({ patient, conditions: null, meds: outcome }),
      gateway,
    });
    assert.deepEqual(gateway.calls, ['Observation?patient=p1&code=2160-0']);
    assert.equal(result.values.get('conditions'), null);
    assert.equal(result.values.get('meds'), undefined);
    assert.match(result.problems.find((p) => p.key === 'meds')!.reason, /EHR reported an error/);
    assert.deepEqual(result.fetched, ['labs']);
  });

  test('a prefetched value that does not answer its template is not trusted: it is fetched again', async () => {
    const gateway = recordingGateway({
      Patient: patient,
      Observation: empty,
      Condition: empty,
      MedicationRequest: empty,
    });
    const wrongPatient: Resource = { resourceType: 'Patient', id: 'someone-else' };
    const otherPatientsLabs: Resource = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: {},
            subject: { reference: 'Patient/zzz' },
          },
        },
      ],
    };
    const result = await resolvePrefetch({
      templates,
      request: request({ patient: wrongPatient, labs: otherPatientsLabs }),
      gateway,
    });
    assert.ok(gateway.calls.includes('Patient/p1'));
    assert.ok(gateway.calls.includes('Observation?patient=p1&code=2160-0'));
    assert.deepEqual(result.values.get('patient'), patient);
  });

  test('a paginated prefetch is completed from the FHIR server; a _count template is not', async () => {
    const gateway = recordingGateway({ Observation: empty, MedicationRequest: empty });
    const paged: Resource = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [],
      link: [{ relation: 'next', url: 'https://ehr.example.org/fhir/Condition?page=2' }],
    };
    const result = await resolvePrefetch({
      templates: {
        ...templates,
        labs: 'Observation?patient={{context.patientId}}&code=2160-0&_count=1',
      },
      request: request({ patient, conditions: paged, labs: paged, meds: empty }),
      gateway,
    });
    assert.deepEqual(gateway.calls, ['(next page)']);
    assert.equal((result.values.get('conditions') as { entry: unknown[] }).entry.length, 1);
  });

  test('a failed fetch is reported, not thrown', async () => {
    const gateway = recordingGateway({});
    const result = await resolvePrefetch({ templates, request: request({}), gateway });
    assert.equal(result.values.size, 0);
    assert.equal(result.problems.length, 4);
  });
});
