// Events the modelling code reports for /metrics — fit times and surrogate fallbacks — without
// importing prom-client or anything else of the service: twin/, surrogate/ and decide/ stay pure.
// The process metrics (metrics.ts) install the sink; until then, and in tests, calls are no-ops.
//
//   import { recordFit, recordSurrogateFallback } from '../observability/model-events.js';
//   recordFit('vancomycin', seconds, 'cached');             // twin_model_fit_seconds{model,path}
//   recordSurrogateFallback('vancomycin', 'out-of-domain'); // twin_surrogate_fallbacks_total
//   recordPlanCache('warfarin', 'hit');                      // twin_plan_cache_total

export interface ModelEventSink {
  fit(model: string, seconds: number, path: string): void;
  surrogateFallback(model: string, reason: string): void;
  planCache(plan: string, result: 'hit' | 'miss'): void;
}

let sink: ModelEventSink | undefined;

/** Installs where model events go (the process metrics do this once); undefined: discard. */
export function setModelEventSink(next: ModelEventSink | undefined): void {
  sink = next;
}

/**
 * Labels are kebab/snake identifiers of at most 64 characters: a model id or a reason code, never
 * free text (each distinct value is a new time series). Anything else is reported as `other`.
 */
export function metricLabel(value: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'other';
}

/** How long individualising one patient's model took, in seconds, and how: `full` (MAP and
 * posterior), `sequential` (updated with new measurements) or `cached` (data unchanged). */
export function recordFit(model: string, seconds: number, path = 'full'): void {
  if (!Number.isFinite(seconds) || seconds < 0) return;
  sink?.fit(metricLabel(model), seconds, metricLabel(path));
}

/** The surrogate was not used and the mechanistic model answered instead, and why. */
export function recordSurrogateFallback(model: string, reason: string): void {
  sink?.surrogateFallback(metricLabel(model), metricLabel(reason));
}

/** A card's computation answered from the plan cache (decide/memo-cache.ts) or computed. */
export function recordPlanCache(plan: string, result: 'hit' | 'miss'): void {
  sink?.planCache(metricLabel(plan), result);
}
