// Shared source strings of the QT-drug catalogue (cited by several entries). Primary notes:
// docs/sources/qtc-catalogue.md; dofetilide dosing: docs/sources/dofetilide-label-dosing.md.

/** Where the RxNorm ingredient codes were checked (public code, searched 2026). */
export const RXNORM_SOURCES = {
  cpic: 'CPIC database schema drug table (cpicpgx/cpic-schema drug.sql, "RxNorm:<code> <name>")',
  qtValueSet:
    'public CDS code with an RxNav-verified QT-prolonging drug value set (RXNORM_QT_PROLONGING, ' +
    '"All current codes verified via RxNav properties.json")',
} as const;

export const CREDIBLEMEDS_NOTE =
  'Commonly cited CredibleMeds category (U): the list is licence-restricted and was not ' +
  're-read (qtc-catalogue.md, verification key); check crediblemeds.org before release.';

/** Default inter-individual log-SD of a concentration–ΔQTc slope where none is published. */
export const DEFAULT_SLOPE_OMEGA = {
  value: 0.4,
  tag: 'U',
  source:
    'Assumption: no slope IIV published for this drug (qtc-catalogue.md, main gap 2); 0.4 is ' +
    'a little wider than the one sourced value, moxifloxacin Emax IIV 32.9 % (Hong 2015 Table 5, T).',
} as const;
