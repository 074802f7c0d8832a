// Words and units shared by the vancomycin card, its detail and its twin page.
import type { VancomycinRegimen } from '../../twin/models/vancomycin/twin.js';
import { clinicalRound } from '../format.js';

export const AUC_UNIT = 'mg·h/L';

export const regimenLabel = (r: VancomycinRegimen): string =>
  `${r.loadingDoseMg ? `load ${r.loadingDoseMg} mg now, then ` : ''}${r.doseMg} mg every ${clinicalRound(r.intervalH)} h`;
