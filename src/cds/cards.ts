// Building blocks shared by every card: source, override reasons, suggestion and card uuids.
import { randomUUID } from 'node:crypto';
import type { Coding } from '@medplum/fhirtypes';
import type { Card, Indicator } from './types.js';

export const OVERRIDE_REASON_SYSTEM = 'https://twin-cds.example.org/CodeSystem/override-reason';
export const TOPIC_SYSTEM = 'https://twin-cds.example.org/CodeSystem/card-topic';

/** Reasons a clinician may give for not following a card; each has the display the spec requires. */
export const OVERRIDE_REASONS: Coding[] = [
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'clinical-judgement',
    display: 'Clinical judgement: the prediction does not fit this patient',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'different-target',
    display: 'A different exposure target applies (e.g. infection site, MIC)',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'data-outdated',
    display: 'Record data used by the model are outdated or wrong',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'levels-pending',
    display: 'Drug levels are pending; will adjust after results',
  },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'specialist-advice',
    display: 'Following specialist (infectious diseases / pharmacy) advice',
  },
];

export interface CardSource {
  label: string;
  url: string;
  topic: Coding;
}

export function card(
  fields: Omit<Card, 'uuid' | 'overrideReasons'> & { indicator: Indicator },
): Card {
  if (fields.summary.length >= 140)
    throw new Error(`card summary is ${fields.summary.length} characters; the spec requires < 140`);
  return {
    uuid: randomUUID(),
    ...fields,
    ...(fields.suggestions?.length
      ? { selectionBehavior: fields.selectionBehavior ?? 'at-most-one' }
      : {}),
    overrideReasons: OVERRIDE_REASONS,
  };
}

export const newUuid = (): string => randomUUID();
