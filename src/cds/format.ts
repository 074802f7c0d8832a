// Number formatting for cards: clinicians read rounded values, always with units and intervals.
import type { Interval90 } from '../twin/models/vancomycin/twin.js';

/** Rounds to 2 significant figures for values ≥ 10, 1 decimal below (e.g. 2070 → 2100, 7.46 → 7.5). */
export function clinicalRound(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 100) return String(Math.round(x / 10) * 10);
  if (Math.abs(x) >= 10) return String(Math.round(x));
  return x.toFixed(1);
}

export function withInterval(band: Interval90, unit: string): string {
  return `${clinicalRound(band.p50)} ${unit} (90% interval ${clinicalRound(band.p05)}–${clinicalRound(band.p95)})`;
}

export const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** Markdown-safe text: escapes characters that would change GFM rendering. */
export const md = (text: string): string => text.replace(/([\\`*_[\]|<>])/g, '\\$1');
