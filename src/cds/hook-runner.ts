// Runs one hook call, free of HTTP: validate, gather the record (prefetch, then the EHR's FHIR
// server under a deadline), build the snapshot, hand it to the service.
import type { Patient } from '@medplum/fhirtypes';
import { ServiceError } from '../errors.js';
import { createFhirGateway, type FhirGateway } from '../fhir/fhir-gateway.js';
import { buildSnapshot, resourcesOf } from '../fhir/snapshot/build-snapshot.js';
import { withHomeWeight } from './home-weight.js';
import { resolvePrefetch } from './prefetch.js';
import { validateHookRequest } from './request-validation.js';
import type { CdsService, ServiceDeps } from './service-types.js';
import { card, TOPIC_SYSTEM } from './cards.js';
import { md } from './format.js';
import type { CdsResponse, HookRequest } from './types.js';

export interface HookRunnerDeps extends ServiceDeps {
  fhirFetchDeadlineMs: number;
  fhirServerAllowlist: string[] | undefined;
  /** Builds the gateway to the request's FHIR server (tests may substitute an in-process one). */
  gatewayFor?: (request: HookRequest, signal: AbortSignal) => FhirGateway | undefined;
  now?: () => Date;
}

export async function runHook(
  service: CdsService,
  body: unknown,
  deps: HookRunnerDeps,
): Promise<CdsResponse> {
  const request = validateHookRequest(body, service.definition.hook);
  const patientId = String(request.context.patientId);
  // A patient a hook has asked about is "known" to telemonitoring (MQTT_UNKNOWN_PATIENTS).
  await deps.store.rememberPatient(patientId);
  if (
    request.fhirServer &&
    deps.fhirServerAllowlist &&
    !deps.fhirServerAllowlist.includes(request.fhirServer.replace(/\/+$/, ''))
  ) {
    throw new ServiceError('fhir-server-not-allowed', [
      { diagnostics: 'fhirServer is not on the allowlist', expression: 'fhirServer' },
    ]);
  }
  const signal = AbortSignal.timeout(deps.fhirFetchDeadlineMs);
  const gateway = (deps.gatewayFor ?? defaultGateway)(request, signal);
  const prefetch = await resolvePrefetch({
    templates: service.definition.prefetch ?? {},
    request,
    gateway,
  });
  for (const key of service.requiredKeys) {
    const value = prefetch.values.get(key);
    if (!value) {
      const why = prefetch.problems.find((p) => p.key === key)?.reason ?? 'no data';
      throw new ServiceError('required-data-unavailable', [
        {
          diagnostics: `prefetch key "${key}" could not be obtained: ${why}`,
          expression: `prefetch.${key}`,
        },
      ]);
    }
  }
  const patient = prefetch.values.get('patient') as Patient | undefined;
  if (patient?.resourceType !== 'Patient' || patient.id !== patientId) {
    throw new ServiceError('required-data-unavailable', [
      {
        diagnostics: 'the Patient resource does not match context.patientId',
        expression: 'prefetch.patient',
      },
    ]);
  }
  const now = deps.now?.() ?? new Date();
  const response = await safely(async () => {
    const resources = resourcesOf(prefetch.values.values());
    const snapshot = buildSnapshot(patientId, resources, deps.terminology, now);
    await withHomeWeight(snapshot, deps.store, now);
    snapshot.unavailable = prefetch.problems.filter((p) => !prefetch.values.has(p.key));
    return service.handle(
      { request, patientId, resources, snapshot, problems: prefetch.problems, now },
      deps,
    );
  });
  await deps.store.saveIssuedCards(
    response.cards.map((card) => ({
      uuid: card.uuid!,
      serviceId: service.definition.id,
      hookInstance: request.hookInstance,
      indicator: card.indicator,
      summary: card.summary,
      topic: card.source.topic?.code ?? '',
      suggestionUuids: (card.suggestions ?? []).flatMap((s) => (s.uuid ? [s.uuid] : [])),
      issuedAt: now.toISOString(),
    })),
  );
  return response;
}

/** Record content of a shape no reader expected (a number where a reference belongs, …) must not
 * fail the hook (HTTP 500): the clinician gets a card that says the record could not be read. */
async function safely(evaluate: () => Promise<CdsResponse>): Promise<CdsResponse> {
  try {
    return await evaluate();
  } catch (error) {
    if (
      error instanceof ServiceError ||
      !(error instanceof TypeError || error instanceof RangeError)
    )
      throw error;
    return {
      cards: [
        card({
          summary: 'Twin CDS could not read part of this patient’s record: no prediction shown',
          detail: `Part of the record or of the draft orders has a structure Twin CDS cannot read (${md(error.message).slice(0, 200)}). Nothing was predicted from it.`,
          indicator: 'info',
          source: {
            label: 'Twin CDS',
            topic: { system: TOPIC_SYSTEM, code: 'not-evaluated', display: 'Record not evaluated' },
          },
        }),
      ],
    };
  }
}

function defaultGateway(request: HookRequest, signal: AbortSignal): FhirGateway | undefined {
  if (!request.fhirServer) return undefined;
  return createFhirGateway({
    baseUrl: request.fhirServer,
    accessToken: request.fhirAuthorization?.access_token,
    signal,
  });
}
