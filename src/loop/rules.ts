// What a closed-loop rule is: which telemonitored quantities wake it, and how it turns a patient's
// latest stored readings into the probability of an event with its 90% interval.
import type { AlertKind } from '../telemetry/alert-publisher.js';
import type { TelemetryStore } from '../store/types.js';

export interface RiskAssessment {
  /** Probability of the event, 0–1, with its 90% interval. */
  probability: number;
  interval90: { low: number; high: number };
  /** Plain clinical language with the numbers, their units and intervals, and what was assumed. */
  message: string;
  /** Telemonitored readings the assessment used. */
  readingsUsed: number;
}

export interface LoopRule {
  /** Stable id, stored with the alert, e.g. `hypoglycaemia-24h`. */
  id: string;
  kind: AlertKind;
  /** twin-quantity codes whose new readings re-evaluate this rule. */
  quantities: readonly string[];
  model: { id: string; version: string };
  /** For a FHIR DetectedIssue (TwinAdverseReactionDetectedIssue); absent: no DetectedIssue. */
  adverseReaction?: { code: 'hypoglycaemia' | 'qtc-prolongation'; implicated: string };
  /** undefined: not enough data to judge (nothing is raised, an open alert stays open). */
  evaluate(
    store: TelemetryStore,
    patientId: string,
    now: Date,
  ): Promise<RiskAssessment | undefined>;
}

/**
 * Monte Carlo uncertainty of a probability estimated from `n` posterior draws: Jeffreys interval
 * by its normal approximation, as the vancomycin write-back does (vancomycin-write-back.ts).
 */
export function drawsInterval(p: number, n: number): { low: number; high: number } {
  const sd = Math.sqrt(((p * n + 0.5) * ((1 - p) * n + 0.5)) / ((n + 1) ** 2 * (n + 2)));
  return { low: Math.max(0, p - 1.645 * sd), high: Math.min(1, p + 1.645 * sd) };
}

export const percent = (p: number): string => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
