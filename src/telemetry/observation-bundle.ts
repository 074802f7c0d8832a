// Stored readings → FHIR: each raw reading as a TwinTelemonitoringObservation (built by
// src/fhir/profiles), each downsampled bucket as an Observation of its mean over the bucket with
// minimum, maximum and count components; a page of them as a searchset Bundle with links.
import { createHash } from 'node:crypto';
import type { Bundle, BundleLink, Observation } from '@medplum/fhirtypes';
import { telemonitoringObservation } from '../fhir/profiles/telemonitoring-observation.js';
import type { VitalReading } from '../store/types.js';
import type { ObservationSearch } from './observation-search.js';

export const OBSERVATION_STATISTICS =
  'http://terminology.hl7.org/CodeSystem/observation-statistics';

/** A stable id per stored reading: a name-based UUID of (patient, message id). */
export function observationId(reading: Pick<VitalReading, 'patientId' | 'messageId'>): string {
  const h = createHash('sha256').update(`${reading.patientId}\u0000${reading.messageId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5-style (name-based)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The LOINC code naming a quantity in its canonical unit, when it has one (terminology). */
export type CanonicalLoinc = (quantity: string) => string | undefined;

export function observationOf(reading: VitalReading, canonicalLoinc?: CanonicalLoinc): Observation {
  // The stored value is in the quantity's canonical unit; the code must name that unit's quantity
  // (a glucose sent as 2339-0, mg/dL, is stored in mmol/L and read back as 15074-8).
  const loinc = canonicalLoinc?.(reading.quantity);
  const obs = telemonitoringObservation(reading, {
    id: observationId(reading),
    ...(loinc && loinc !== reading.code ? { loinc: { code: loinc } } : {}),
  });
  const summary = reading.summary;
  if (!summary) return obs;
  // A bucket summary is not a measurement: it does not claim the telemonitoring profile (whose
  // effective[x] is a dateTime), and says what it is.
  const { effectiveDateTime: _point, meta, ...rest } = obs;
  const stat = (code: string, display: string) => ({
    code: { coding: [{ system: OBSERVATION_STATISTICS, code, display }] },
  });
  return {
    ...rest,
    meta: { ...(meta?.source ? { source: meta.source } : {}) },
    effectivePeriod: { start: reading.effectiveTime, end: summary.periodEnd },
    note: [
      {
        text: `Mean of ${summary.count} reading(s) from this device over the period (downsampled; the raw readings were replaced).`,
      },
    ],
    component: [
      {
        ...stat('minimum', 'Minimum'),
        valueQuantity: { ...obs.valueQuantity, value: summary.min },
      },
      {
        ...stat('maximum', 'Maximum'),
        valueQuantity: { ...obs.valueQuantity, value: summary.max },
      },
      { ...stat('count', 'Count'), valueInteger: summary.count },
    ],
  };
}

function linkUrl(base: string, search: ObservationSearch, offset: number): string {
  const params = new URLSearchParams(search.canonical);
  params.set('_count', String(search.count));
  params.set('_offset', String(offset));
  return `${base}?${params.toString()}`;
}

/** A searchset page: `readings` are the page, `total` counts every match. */
export function searchsetBundle(
  readings: readonly VitalReading[],
  total: number,
  search: ObservationSearch,
  baseUrl: string,
  canonicalLoinc?: CanonicalLoinc,
): Bundle<Observation> {
  const link: BundleLink[] = [{ relation: 'self', url: linkUrl(baseUrl, search, search.offset) }];
  if (search.count > 0 && search.offset + search.count < total)
    link.push({ relation: 'next', url: linkUrl(baseUrl, search, search.offset + search.count) });
  if (search.offset > 0 && search.count > 0)
    link.push({
      relation: 'previous',
      url: linkUrl(baseUrl, search, Math.max(0, search.offset - search.count)),
    });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    entry: readings.map((reading) => {
      const resource = observationOf(reading, canonicalLoinc);
      return { fullUrl: `urn:uuid:${resource.id ?? ''}`, resource, search: { mode: 'match' } };
    }),
  };
}
