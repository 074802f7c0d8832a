// Config → the closed loop with its rules and thresholds, or undefined when LOOP_DEBOUNCE_MS = 0.
import type { Config } from '../config.js';
import { createClosedLoop, type ClosedLoop, type ClosedLoopDeps } from './closed-loop.js';
import type { PosteriorCache } from '../twin/state/posterior-cache.js';
import { createGlucoseRule } from './glucose-rule.js';
import { qtcRule } from './qtc-rule.js';
import { bloodPressureRule } from './blood-pressure-rule.js';

export function closedLoopFrom(
  config: Config,
  publicUrl: string,
  deps: ClosedLoopDeps,
  /** The service's twin cache (shared with the cards); without it the rule keeps its own. */
  twinCache?: PosteriorCache,
): ClosedLoop | undefined {
  if (config.loopDebounceMs === 0) return undefined;
  return createClosedLoop(
    {
      rules: [
        { rule: createGlucoseRule(twinCache), threshold: config.loopHypoglycaemiaThreshold },
        { rule: qtcRule, threshold: config.loopQtcThreshold },
        { rule: bloodPressureRule, threshold: config.loopBloodPressureThreshold },
      ],
      debounceMs: config.loopDebounceMs,
      publicUrl,
      fhirWrite: config.fhirWriteUrl
        ? { url: config.fhirWriteUrl, token: config.fhirWriteToken }
        : undefined,
    },
    deps,
  );
}
