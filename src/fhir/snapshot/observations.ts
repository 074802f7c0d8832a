// Observations → measurements by twin quantity (canonical units), including components such as
// blood pressure panels and ECG intervals, with duplicates (same quantity, time and value) removed.
import type { Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import type { Terminology } from '../../terminology/terminology.js';
import type { DrugLevel, Measured, Skipped } from '../../twin/snapshot.js';
import { refOf } from './resources.js';

const USABLE_STATUS = new Set(['final', 'amended', 'corrected', 'preliminary']);

interface Reading {
  quantity: string;
  measured: Measured;
  belowLimit: boolean;
}

export interface ObservationResult {
  measurements: Record<string, Measured[]>;
  drugLevels: DrugLevel[];
}

export function readObservations(
  observations: readonly Observation[],
  terminology: Terminology,
  skipped: Skipped[],
): ObservationResult {
  const readings: Reading[] = [];
  for (const obs of observations) {
    const parts: { code?: Observation['code']; valueQuantity?: Quantity }[] = [
      obs,
      ...(obs.component ?? ([] as ObservationComponent[])),
    ];
    const known = parts.filter((p) => terminology.quantityOf(p.code?.coding));
    if (known.length === 0) continue; // nothing a model reads: not an error
    if (!USABLE_STATUS.has(obs.status)) {
      skipped.push({ resource: refOf(obs), reason: `status ${obs.status}` });
      continue;
    }
    const time =
      obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.effectiveInstant ?? obs.issued;
    for (const part of known) {
      const reading = readPart(part, time, obs, terminology, skipped);
      if (reading) readings.push(reading);
    }
  }
  return group(readings, terminology);
}

function readPart(
  part: { code?: Observation['code']; valueQuantity?: Quantity },
  time: string | undefined,
  obs: Observation,
  terminology: Terminology,
  skipped: Skipped[],
): Reading | undefined {
  const quantity = terminology.quantityOf(part.code?.coding)!;
  const q = part.valueQuantity;
  if (q?.value === undefined) {
    skipped.push({ resource: refOf(obs), reason: `${quantity.display}: no value` });
    return undefined;
  }
  try {
    const value = terminology.toCanonical(quantity, q.value, {
      code: q.code,
      system: q.system,
      unit: q.unit,
    });
    const iso = time && !Number.isNaN(Date.parse(time)) ? new Date(time).toISOString() : undefined;
    return {
      quantity: quantity.code,
      measured: { value, time: iso, source: refOf(obs) },
      belowLimit: q.comparator === '<' || q.comparator === '<=',
    };
  } catch (error) {
    skipped.push({
      resource: refOf(obs),
      reason: `${quantity.display}: ${(error as Error).message}`,
    });
    return undefined;
  }
}

function group(readings: Reading[], terminology: Terminology): ObservationResult {
  const measurements: Record<string, Measured[]> = {};
  const drugLevels: DrugLevel[] = [];
  const seen = new Set<string>();
  const newestFirst = [...readings].sort((a, b) =>
    (b.measured.time ?? '').localeCompare(a.measured.time ?? ''),
  );
  for (const r of newestFirst) {
    // The same result sent twice (a resend under a new id) must count once.
    const key = `${r.quantity}|${r.measured.time ?? ''}|${r.measured.value.toPrecision(6)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (measurements[r.quantity] ??= []).push(r.measured);
    const drug = terminology.quantity(r.quantity).drugLevelOf;
    if (drug && r.measured.time) {
      drugLevels.push({
        drug,
        time: r.measured.time,
        valueMgL: r.measured.value,
        belowLimitOfQuantification: r.belowLimit,
        source: r.measured.source,
      });
    }
  }
  drugLevels.sort((a, b) => a.time.localeCompare(b.time));
  return { measurements, drugLevels };
}
