// Which glucose readings the fit uses: the window before the last reading, CGM thinned to the
// spacing the error model's correlation was estimated on. Display limits ("LO"/"HI", or CGM values
// at the ends of the reporting range) are kept as censored readings: dropping them would hide
// exactly the hypoglycaemia the twin must see.
import { CGM_ERROR } from './parameters.js';
import { GlucoseInputError, minutesFrom, parseTime, type GlucoseReading } from './inputs.js';

export interface TimedReading {
  /** min from the origin (the first reading used). */
  timeMin: number;
  mmolL: number;
  source: 'cgm' | 'capillary';
  /** The true value is below ('below') or above ('above') mmolL. */
  censored?: 'below' | 'above';
}

export interface SelectedReadings {
  originMs: number;
  readings: TimedReading[];
  notes: string[];
}

function censoring(r: GlucoseReading): 'below' | 'above' | undefined {
  const { low, high } = CGM_ERROR.reportableMmolL;
  if (r.comparator === '<' || (r.source === 'cgm' && r.mmolL <= low)) return 'below';
  if (r.comparator === '>' || (r.source === 'cgm' && r.mmolL >= high)) return 'above';
  return undefined;
}

/**
 * Readings within `windowH` hours before the last one, ascending, starting at the first
 * uncensored one (the origin); CGM readings closer than `minSpacingMin` to the previous kept CGM
 * reading are thinned.
 */
export function selectReadings(
  all: readonly GlucoseReading[],
  windowH: number,
  minSpacingMin: number = CGM_ERROR.minSpacingMin,
): SelectedReadings {
  const notes: string[] = [];
  const { low, high } = CGM_ERROR.reportableMmolL;
  const parsed = all
    .map((r, i) => {
      if (!(Number.isFinite(r.mmolL) && r.mmolL > 0)) {
        throw new GlucoseInputError(`readings[${i}].mmolL must be a finite number > 0`);
      }
      const censored = censoring(r);
      const limit = r.source === 'cgm' && censored !== undefined && r.comparator === undefined;
      const mmolL = limit ? (censored === 'below' ? low : high) : r.mmolL;
      return { ms: parseTime(r.time, `readings[${i}]`), mmolL, source: r.source, censored };
    })
    .sort((a, b) => a.ms - b.ms);
  if (parsed.length === 0) throw new GlucoseInputError('no glucose reading');
  const lastMs = parsed[parsed.length - 1]!.ms;
  const recent = parsed.filter((r) => r.ms >= lastMs - windowH * 3_600_000);
  const first = recent.findIndex((r) => r.censored === undefined);
  if (first < 0) throw new GlucoseInputError("no glucose reading within the sensor's range");
  const originMs = recent[first]!.ms;
  const readings: TimedReading[] = [];
  let lastCgm = -Infinity;
  for (const r of recent.slice(first)) {
    const t = minutesFrom(originMs, r.ms);
    if (r.source === 'cgm') {
      if (t - lastCgm < minSpacingMin) continue;
      lastCgm = t;
    }
    const reading: TimedReading = { timeMin: t, mmolL: r.mmolL, source: r.source };
    if (r.censored !== undefined) reading.censored = r.censored;
    readings.push(reading);
  }
  const limits = readings.filter((r) => r.censored !== undefined).length;
  if (limits > 0) {
    notes.push(`${limits} reading(s) at a display limit used as censored (below/above the limit).`);
  }
  return { originMs, readings, notes };
}
