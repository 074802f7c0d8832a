// QT readings → QTcF measurements with their error model. Each reading is
//   y_i = QTc0 + ΔK_i + Σ drug effects(t_i) + κ_occasion(i) + τ_i + ε_i
// with κ the between-occasion deviation (shared by readings of one occasion), τ the time-point
// biological variation and ε the device's measurement error (qtc parameters.ts). The readings of
// one occasion are therefore correlated; `whitener` decorrelates them (Cholesky of the known
// covariance), so the inference layer sees independent unit-variance residuals.
import { fridericia, rrFromHeartRate, toFridericia } from './heart-rate.js';
import { QTC_VARIANCE } from './parameters.js';
import type { EcgDevice, EcgReading } from './inputs.js';

/** Heart rate assumed to convert a non-Fridericia QTc that has no rate with it (ours). */
export const ASSUMED_HEART_RATE_BPM = 75;
/** Extra SD (ms) of such a conversion: QTcB − QTcF spans ≈ 0–30 ms over 50–100 beats/min (D). */
export const UNKNOWN_RATE_CONVERSION_SD_MS = 10;

export interface PreparedEcg {
  /** h from the twin's time origin. */
  timeH: number;
  qtcfMs: number;
  device: EcgDevice;
  /** Variance of τ + ε (ms²), without the between-occasion term. */
  variance: number;
  occasion: number;
  /** Serum potassium at the reading, when known (mmol/L). */
  potassiumMmolL: number | undefined;
  source: string | undefined;
}

function qtcf(
  e: EcgReading,
  heartRateBpm: number | undefined,
  notes: string[],
): { value: number; extraVar: number } {
  const rr = e.rrMs ?? (e.heartRateBpm === undefined ? undefined : rrFromHeartRate(e.heartRateBpm));
  if (e.qtMs !== undefined) {
    if (rr !== undefined) return { value: fridericia(e.qtMs, rr), extraVar: 0 };
    const hr = heartRateBpm ?? ASSUMED_HEART_RATE_BPM;
    notes.push(`QT at ${e.time} has no RR: corrected at ${hr} beats/min (uncertainty widened).`);
    return {
      value: fridericia(e.qtMs, rrFromHeartRate(hr)),
      extraVar: UNKNOWN_RATE_CONVERSION_SD_MS ** 2,
    };
  }
  const formula = e.qtcFormula ?? 'bazett';
  if (e.qtcFormula === undefined) notes.push(`QTc at ${e.time} without a formula: read as Bazett.`);
  if (formula === 'fridericia') return { value: e.qtcMs!, extraVar: 0 };
  if (rr !== undefined) return { value: toFridericia(e.qtcMs!, rr, formula), extraVar: 0 };
  const hr = heartRateBpm ?? ASSUMED_HEART_RATE_BPM;
  notes.push(`QTc (${formula}) at ${e.time} has no rate: converted at ${hr} beats/min, widened.`);
  return {
    value: toFridericia(e.qtcMs!, rrFromHeartRate(hr), formula),
    extraVar: UNKNOWN_RATE_CONVERSION_SD_MS ** 2,
  };
}

/** Readings as QTcF in time order, grouped into occasions. */
export function prepareEcgs(
  ecgs: readonly EcgReading[],
  originMs: number,
  heartRateBpm: number | undefined,
  notes: string[],
): PreparedEcg[] {
  const sorted = [...ecgs].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  let occasion = -1;
  let occasionStart = Number.NEGATIVE_INFINITY;
  return sorted.map((e) => {
    const timeH = (Date.parse(e.time) - originMs) / 3_600_000;
    if (timeH - occasionStart > QTC_VARIANCE.occasionWindowH) {
      occasion++;
      occasionStart = timeH;
    }
    const device = e.device ?? '12-lead';
    const { value, extraVar } = qtcf(e, heartRateBpm, notes);
    const measurement = QTC_VARIANCE.measurementSdMs[device] ** 2 / (e.replicates ?? 1);
    return {
      timeH,
      qtcfMs: value,
      device,
      variance: QTC_VARIANCE.timePointSdMs ** 2 + measurement + extraVar,
      occasion,
      potassiumMmolL: e.potassiumMmolL,
      source: e.source,
    };
  });
}

export interface Whitener {
  /** In place: v ← L⁻¹ v, where L Lᵀ is the readings' covariance. */
  apply(v: Float64Array): void;
}

/** Cholesky factor of Σ = diag(variance) + σ_occ²·[same occasion] (row-major, lower). */
export function whitener(ecgs: readonly PreparedEcg[]): Whitener {
  const n = ecgs.length;
  const bov = QTC_VARIANCE.betweenOccasionSdMs ** 2;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s =
        (ecgs[i]!.occasion === ecgs[j]!.occasion ? bov : 0) + (i === j ? ecgs[i]!.variance : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j]!;
    }
  }
  return {
    apply(v) {
      for (let i = 0; i < n; i++) {
        let s = v[i]!;
        for (let k = 0; k < i; k++) s -= l[i * n + k]! * v[k]!;
        v[i] = s / l[i * n + i]!;
      }
    },
  };
}
