// Telemonitoring feeds the twins' weight: a home-scale (or bed-scale) body weight newer than the
// record's latest replaces it in the snapshot, so the vancomycin, glucose and QTc twins use the
// weight the patient has now; the source says where it came from, and cards list it under
// "Based on". Only readings of the last HOME_WEIGHT_MAX_AGE_DAYS count: an old home weight is
// no better than the record's.
import type { TelemetryStore } from '../store/types.js';
import type { PatientSnapshot } from '../twin/snapshot.js';

/** Our choice: a week, the usual interval of telemonitored heart-failure weighing programmes
 * (readings come daily when a scale is in use). */
export const HOME_WEIGHT_MAX_AGE_DAYS = 7;

export async function withHomeWeight(
  snapshot: PatientSnapshot,
  store: Pick<TelemetryStore, 'readings'>,
  now: Date,
): Promise<void> {
  const [latest] = await store.readings(snapshot.patientId, {
    quantity: 'body-weight',
    from: new Date(now.getTime() - HOME_WEIGHT_MAX_AGE_DAYS * 86_400_000),
    to: new Date(now.getTime() + 1),
    order: 'desc',
    limit: 1,
  });
  // Stored values are in the quantity's canonical unit (kg, reading-decoder.ts); a downsampled row
  // is a bucket mean, still a weight.
  if (!latest || latest.unit !== 'kg') return;
  const recorded = snapshot.weightKg?.time ? Date.parse(snapshot.weightKg.time) : -Infinity;
  if (!(Date.parse(latest.effectiveTime) > recorded)) return;
  const home = {
    value: latest.value,
    time: latest.effectiveTime,
    source: `telemonitoring (device ${latest.deviceId})`,
  };
  snapshot.weightKg = home;
  snapshot.measurements['body-weight'] = [home, ...(snapshot.measurements['body-weight'] ?? [])];
}
