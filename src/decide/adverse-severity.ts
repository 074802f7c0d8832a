// Card indicator for a predicted adverse reaction, from the probability of a serious outcome.
// Our policy (no published standard exists for probability-based CDS alert tiers): `critical` only
// when harm is more likely than not; `warning` from a 10% chance (or a 20% chance of the secondary
// criterion, e.g. a QTc rise > 60 ms); below that the finding is informational. Chosen to keep
// interruptive alerts rare (alert fatigue: Ancker JS et al., BMC Med Inform Decis Mak 2017;17:36,
// doi:10.1186/s12911-017-0430-8) — revisit with the feedback endpoint's override rates.
import type { Indicator } from '../cds/types.js';

export const SEVERITY_THRESHOLDS = { critical: 0.5, warning: 0.1, secondaryWarning: 0.2 } as const;

export function severityOf(pPrimary: number, pSecondary = 0): Indicator {
  if (pPrimary >= SEVERITY_THRESHOLDS.critical) return 'critical';
  if (pPrimary >= SEVERITY_THRESHOLDS.warning || pSecondary >= SEVERITY_THRESHOLDS.secondaryWarning)
    return 'warning';
  return 'info';
}
