// Every response the suite judges: discovery; each offered service for each synthetic patient with
// prefetch from the FHIR server (every branch of the vancomycin card on the order hooks); answers
// with no decision support; error answers (400, 404, 412); feedback answers.
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { Card, ServiceDefinition } from '../../src/cds/types.js';
import { indexFhirDefinitions } from '../support/fhir-server.js';
import {
  draftAmoxicillinOrder,
  hookPath,
  hookRequest,
  ORDER_HOOKS,
  PATIENT_IDS,
  vancomycinDrafts,
  type Conformance,
} from './conformance-fixture.js';

export interface Exchange {
  label: string;
  kind: 'discovery' | 'hook' | 'no-support' | 'error' | 'feedback';
  status: number;
  contentType: string;
  text: string;
  body: unknown;
  service?: ServiceDefinition;
  drafts?: readonly MedicationRequest[];
}

export interface IssuedCard {
  label: string;
  card: Card;
  exchange: Exchange;
}

export async function collectCorpus(c: Conformance): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const record = async (
    label: string,
    kind: Exchange['kind'],
    call: Promise<{ status: number; headers: Record<string, string>; text: string; body: unknown }>,
    extra: Partial<Exchange> = {},
  ) => {
    const res = await call;
    const contentType = res.headers['content-type'] ?? '';
    out.push({
      label,
      kind,
      status: res.status,
      contentType,
      text: res.text,
      body: res.body,
      ...extra,
    });
  };
  await record('GET /cds-services', 'discovery', c.get('/cds-services'));
  const services = await c.discovery();
  for (const service of services) {
    const path = hookPath(service.id);
    const orders = ORDER_HOOKS.includes(service.hook);
    for (const patientId of PATIENT_IDS) {
      // Prefetched only: prefetch.suite.ts shows fetched data give the same cards.
      const drafts = orders ? vancomycinDrafts(patientId) : [];
      const prefetch = await c.prefetch(service, patientId);
      const body = hookRequest(service, { patientId, drafts, prefetch });
      await record(`${service.id} ${patientId}`, 'hook', c.post(path, body), { service, drafts });
    }
    if (orders) {
      const patientId = PATIENT_IDS[0]!;
      const drafts = [draftAmoxicillinOrder(patientId)];
      const body = hookRequest(service, {
        patientId,
        drafts,
        prefetch: await c.prefetch(service, patientId),
      });
      await record(`${service.id} amoxicillin`, 'no-support', c.post(path, body), { service });
    }
  }
  const first = services[0]!;
  const path = hookPath(first.id);
  await record('400 malformed', 'error', c.post(path, { hook: first.hook }));
  await record('404 unknown service', 'error', c.post(hookPath('no-such-service'), {}));
  const bare = hookRequest(first, {
    patientId: PATIENT_IDS[0]!,
    drafts: ORDER_HOOKS.includes(first.hook) ? vancomycinDrafts(PATIENT_IDS[0]!) : [],
  });
  await record('412 no patient, no fhirServer', 'error', c.post(path, bare));
  await recordFeedback(c, out, record);
  return out;
}

type Recorder = (
  label: string,
  kind: Exchange['kind'],
  call: Promise<{ status: number; headers: Record<string, string>; text: string; body: unknown }>,
) => Promise<void>;

async function recordFeedback(c: Conformance, corpus: Exchange[], record: Recorder) {
  const issued = issuedCards(corpus)[0];
  if (!issued?.exchange.service) return;
  const path = `${hookPath(issued.exchange.service.id)}/feedback`;
  const feedback = (card: string) => ({
    feedback: [{ card, outcome: 'overridden', outcomeTimestamp: '2026-11-22T10:00:00Z' }],
  });
  await record('feedback 200', 'feedback', c.post(path, feedback(issued.card.uuid!)));
  const unknown = '00000000-0000-4000-8000-000000000000';
  await record('feedback 404', 'error', c.post(path, feedback(unknown)));
  await record('feedback 400', 'error', c.post(path, { feedback: [] }));
}

/** Every card of every successful hook answer. */
export function issuedCards(corpus: readonly Exchange[]): IssuedCard[] {
  return corpus
    .filter((e) => e.kind === 'hook' && e.status === 200)
    .flatMap((exchange) =>
      ((exchange.body as { cards?: Card[] }).cards ?? []).map((card, i) => ({
        label: `${exchange.label} cards[${i}]`,
        card,
        exchange,
      })),
    );
}

/** FHIR R4 structure problems of a resource (medplum's validator over the R4 definitions). */
export function fhirResourceProblems(resource: Record<string, unknown>): string[] {
  indexFhirDefinitions();
  const describe = (i: { expression?: string[]; details?: { text?: string } }) =>
    `${i.expression?.join(', ') ?? ''}: ${i.details?.text ?? ''}`;
  try {
    return validateResource(resource as unknown as Resource)
      .filter((i) => i.severity === 'error')
      .map(describe);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue.map(describe);
    throw error;
  }
}
