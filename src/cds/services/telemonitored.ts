// Telemonitored readings a model uses, from the store, as Measured values (newest first).
import type { Measured } from '../../twin/snapshot.js';
import type { ServiceDeps } from '../service-types.js';

/** Wearable QTc readings of the last 14 days (at most 50): the QTc twin's extra baseline data. */
export async function wearableQtc(
  deps: ServiceDeps,
  patientId: string,
  now: Date,
): Promise<Measured[]> {
  const from = new Date(now.getTime() - 14 * 86_400_000);
  const readings = await deps.store.readings(patientId, {
    quantity: 'qtc-interval',
    from,
    limit: 50,
  });
  return readings.map((r) => ({
    value: r.value,
    time: r.effectiveTime,
    source: `device ${r.deviceId}`,
  }));
}
