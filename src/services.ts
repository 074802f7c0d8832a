// The CDS services this deployment offers.
import type { CdsService } from './cds/service-types.js';
import { twinDosingSelect, twinDosingSign } from './cds/services/twin-dosing-sign.js';
import { twinSummary } from './cds/services/twin-summary.js';

export const SERVICES: readonly CdsService[] = [twinSummary, twinDosingSelect, twinDosingSign];
