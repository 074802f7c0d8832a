// What a service handler receives and returns: plain data, no HTTP (STYLE §4).
import type { Resource } from '@medplum/fhirtypes';
import type { TelemetryStore } from '../store/types.js';
import type { Terminology } from '../terminology/terminology.js';
import type { TwinPages } from '../twin-page/twin-pages.js';
import type { PosteriorCache } from '../twin/state/posterior-cache.js';
import type { PatientSnapshot } from '../twin/snapshot.js';
import type { PrefetchProblem } from './prefetch.js';
import type { CdsResponse, HookRequest, ServiceDefinition } from './types.js';

export interface HookInput {
  request: HookRequest;
  patientId: string;
  /** Every resource obtained from prefetch or the FHIR server. */
  resources: Resource[];
  snapshot: PatientSnapshot;
  /** Prefetch keys that could not be obtained, and why. */
  problems: PrefetchProblem[];
  now: Date;
}

export interface ServiceDeps {
  terminology: Terminology;
  store: TelemetryStore;
  /** Base URL clients reach this service at (for links to model documentation). */
  publicUrl: string;
  /** Publishes twin pages behind short-lived signed links. */
  twinPages: TwinPages;
  /** Patients' posteriors between calls (reused, or updated with new data, instead of refitted). */
  twinCache?: PosteriorCache | undefined;
  /** Meal-time insulin cards (MEAL_BOLUS_CARDS, default off: see insulin-card.ts). */
  mealBolusCards?: boolean | undefined;
}

export interface CdsService {
  definition: ServiceDefinition;
  /** Prefetch keys without which the service cannot answer (412 when unobtainable). */
  requiredKeys: readonly string[];
  handle(input: HookInput, deps: ServiceDeps): Promise<CdsResponse>;
}
