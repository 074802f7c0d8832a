// Which patients MQTT readings are accepted for when MQTT_UNKNOWN_PATIENTS=dead-letter: those the
// store's registry knows (a hook call or FHIR record named them). Known is forever, so positive
// answers are cached; unknown ones are asked again, since the patient may become known any time.
import type { TelemetryStore } from '../store/types.js';

export type UnknownPatientPolicy = 'accept' | 'dead-letter';

export const UNKNOWN_PATIENT_POLICIES: readonly UnknownPatientPolicy[] = ['accept', 'dead-letter'];

export class KnownPatients {
  private readonly cache = new Set<string>();

  constructor(
    private readonly store: Pick<TelemetryStore, 'isKnownPatient'>,
    private readonly maxCached = 100_000,
  ) {}

  async isKnown(patientId: string): Promise<boolean> {
    if (this.cache.has(patientId)) return true;
    const known = await this.store.isKnownPatient(patientId);
    if (known) {
      // Bounded: drop the oldest entry (insertion order) rather than grow without limit.
      if (this.cache.size >= this.maxCached) {
        const oldest = this.cache.values().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.add(patientId);
    }
    return known;
  }
}
