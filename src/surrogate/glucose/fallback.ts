// Why a glucose regimen screen fell back to the mechanistic model: a stable code for logs and
// metrics, and a note for the card (counts and codes only, never patient values).

export type GlucoseFallbackReason =
  | 'surrogate-unavailable'
  | 'surrogate-disabled'
  | 'regimen-out-of-domain'
  | 'draws-out-of-domain'
  | 'disagreement';

export interface Fallback {
  reason: GlucoseFallbackReason;
  /** Completes "the neural surrogate was not used because …". */
  note: string;
  detail: Record<string, number | string>;
}
