// What a scripted scenario is: a patient's record, the hook the EHR calls (with the draft orders
// being signed), the cards a clinical pharmacist expects, and why.
import type { Card } from '../../src/cds/types.js';
import type { PatientRecord, Regimen } from './record.js';

export type Indicator = Card['indicator'];

export interface CardExpectation {
  /** The card's source.topic.code (its type). */
  topic: string;
  indicator: Indicator | Indicator[];
  summary?: RegExp;
  /** Each must match the card's detail. */
  detail?: RegExp[];
  /** A suggestion whose label matches, or 'none' for a card that must not suggest anything. */
  suggestion?: RegExp | 'none';
  /** Further checks on the card (e.g. the suggested dose against the ordered one). */
  check?: (card: Card) => void;
}

export interface Scenario {
  id: string;
  title: string;
  /** Why these cards are right, in clinical terms (also listed in test/scenarios/README.md). */
  why: string;
  record: PatientRecord;
  hook: 'order-sign' | 'patient-view';
  /** Draft orders being signed (order-sign). */
  orders?: Regimen[];
  /** Each must match exactly one card of the answer. */
  expect: CardExpectation[];
  /** Card types that must not appear. */
  absent?: string[];
}
