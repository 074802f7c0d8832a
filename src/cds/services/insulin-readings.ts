// Telemonitored glucose readings (CGM and connected meters, over MQTT) from the store, as the
// glucose twin's readings. Downsampled rows (a bucket's mean) are not readings and are left out.
import type { GlucoseReading } from '../../twin/models/glucose/index.js';
import { GLUCOSE_LOOKBACK_H } from '../../decide/insulin-inputs.js';
import type { ServiceDeps } from '../service-types.js';

/** LOINC 105272-9 "Glucose [Moles/volume] in Interstitial fluid": a CGM sensor reading. */
const INTERSTITIAL_GLUCOSE_LOINC = '105272-9';
/** 5-min CGM over the look-back, with room to spare. */
const MAX_READINGS = 2000;

export async function telemonitoredGlucose(
  deps: ServiceDeps,
  patientId: string,
  now: Date,
): Promise<GlucoseReading[]> {
  const readings = await deps.store.readings(patientId, {
    quantity: 'glucose',
    from: new Date(now.getTime() - GLUCOSE_LOOKBACK_H * 3_600_000),
    to: new Date(now.getTime() + 1),
    order: 'desc',
    limit: MAX_READINGS,
  });
  return readings
    .filter((r) => r.summary === undefined)
    .map((r) => ({
      time: r.effectiveTime,
      mmolL: r.value,
      source: r.code === INTERSTITIAL_GLUCOSE_LOINC ? ('cgm' as const) : ('capillary' as const),
    }));
}
