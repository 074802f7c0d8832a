// The whole-call deadline of a hook (HOOK_DEADLINE_MS): an EHR waits for cards while the clinician
// waits for the EHR, so past the deadline the service answers 200 with no cards — a CDS service
// that has nothing to say says nothing — and logs it, rather than keep the caller hanging. The
// late work is left to finish on its own; its result or error is only logged.
import type { CdsResponse } from '../cds/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';

export type HookDeadline = (service: string, work: Promise<CdsResponse>) => Promise<CdsResponse>;

/** `deadlineMs` undefined or 0: no deadline (the work's own answer, however long it takes). */
export function hookDeadline(
  deadlineMs: number | undefined,
  deps: { logger: Logger; metrics: Metrics },
): HookDeadline {
  if (!deadlineMs) return (_service, work) => work;
  return (service, work) =>
    new Promise<CdsResponse>((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        deps.metrics.hookDeadlines.inc({ service });
        deps.logger.warn(
          { deadlineMs },
          'hook deadline passed: answered 200 with no cards (the call goes on in the background)',
        );
        resolve({ cards: [] });
      }, deadlineMs);
      work.then(
        (response) => {
          clearTimeout(timer);
          if (expired)
            deps.logger.info({ cards: response.cards.length }, 'late hook answer dropped');
          else resolve(response);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (expired)
            deps.logger.warn(
              { err: error instanceof Error ? { name: error.name } : undefined },
              'late hook call failed after its deadline',
            );
          else reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
}
