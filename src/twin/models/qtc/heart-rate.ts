// Heart-rate correction of the QT interval (QT and RR in ms; the formulas take RR in seconds).
//   Bazett:      QTcB = QT / RR^(1/2)
//   Fridericia:  QTcF = QT / RR^(1/3)           (preferred for drug monitoring in adults)
//   Framingham:  QTcL = QT + 154 ms · (1 − RR)   (Sagie A et al. Am J Cardiol 1992;70:797–801)
// Fridericia and Framingham correct best and predict mortality better than Bazett (Vandenberk B
// et al. J Am Heart Assoc 2016;5(6):e003264, doi:10.1161/JAHA.116.003264, V); the twin works in
// QTcF throughout, as most of its concentration–QTc slopes do (qtc-catalogue.md (a)).

export type QtcFormula = 'fridericia' | 'bazett' | 'framingham';

/** A QT, RR or heart rate the formulas cannot use. */
export class HeartRateInputError extends Error {
  override readonly name = 'HeartRateInputError';
}

function positive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0))
    throw new HeartRateInputError(`${name} must be > 0, got ${v}`);
}

/** RR interval (ms) from a heart rate (beats/min). */
export function rrFromHeartRate(heartRateBpm: number): number {
  positive('heart rate', heartRateBpm);
  return 60_000 / heartRateBpm;
}

export function bazett(qtMs: number, rrMs: number): number {
  positive('QT', qtMs);
  positive('RR', rrMs);
  return qtMs / Math.sqrt(rrMs / 1000);
}

export function fridericia(qtMs: number, rrMs: number): number {
  positive('QT', qtMs);
  positive('RR', rrMs);
  return qtMs / Math.cbrt(rrMs / 1000);
}

export function framingham(qtMs: number, rrMs: number): number {
  positive('QT', qtMs);
  positive('RR', rrMs);
  return qtMs + 154 * (1 - rrMs / 1000);
}

/** The uncorrected QT (ms) behind a corrected value, given the RR it was corrected with. */
export function uncorrect(qtcMs: number, rrMs: number, formula: QtcFormula): number {
  positive('QTc', qtcMs);
  positive('RR', rrMs);
  const rr = rrMs / 1000;
  switch (formula) {
    case 'fridericia':
      return qtcMs * Math.cbrt(rr);
    case 'bazett':
      return qtcMs * Math.sqrt(rr);
    case 'framingham':
      return qtcMs - 154 * (1 - rr);
  }
}

/** A corrected QT reported with another formula, re-expressed as QTcF at the same RR. */
export function toFridericia(qtcMs: number, rrMs: number, formula: QtcFormula): number {
  return formula === 'fridericia' ? qtcMs : fridericia(uncorrect(qtcMs, rrMs, formula), rrMs);
}
