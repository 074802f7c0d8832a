// Builds a TwinAdverseReactionDetectedIssue: a predicted adverse drug reaction for an ordered
// medication, with its probability and that probability's 90% interval (pure).
import type { Coding, DetectedIssue, DetectedIssueMitigation } from '@medplum/fhirtypes';
import {
  type ReferenceInput,
  ProfileInputError,
  referenceOf,
  requireDateTime,
  requireFhirId,
  requireOrdered,
  requireProbability,
  requireText,
  roundSignificant,
} from './builder-input.js';
import { ADVERSE_REACTIONS, type AdverseReactionKind } from './definitions/code-systems.js';
import { CODE_SYSTEM, EXTENSION, HL7_ACT_CODE, PROFILE } from './urls.js';

export interface AdverseReactionInput {
  patientId: string;
  kind: AdverseReactionKind;
  severity: 'high' | 'moderate' | 'low';
  /** Probability that the reaction occurs (posterior mean), 0 to 1. */
  probability: number;
  /** Equal-tailed interval of that probability across the posterior; level defaults to 0.90. */
  probabilityInterval: { low: number; high: number; level?: number };
  /** The medication order(s), often the draft being signed. */
  implicated: ReferenceInput | readonly ReferenceInput[];
  /** The TwinPrediction observation(s) the finding rests on. */
  evidence: readonly ReferenceInput[];
  /** Plain-language explanation, including any change the card suggests. */
  detail: string;
  /** When the twin made the prediction. */
  identified: string;
  /**
   * An action taken or committed to (FHIR's meaning of mitigation), e.g. once the clinician
   * accepted the suggested dose; a suggestion merely offered belongs in `detail`.
   */
  mitigation?: { action: string; coding?: Coding; date?: string; author?: ReferenceInput };
  /** preliminary (default) while predicted; final once a clinician confirmed it. */
  status?: 'preliminary' | 'final';
  id?: string;
  /** Significant digits kept of the probabilities (default 3). */
  significantDigits?: number;
}

export function adverseReactionIssue(input: AdverseReactionInput): DetectedIssue {
  const reaction = ADVERSE_REACTIONS.find((r) => r.code === input.kind);
  if (!reaction) throw new ProfileInputError(`kind ${input.kind} is not in the code system`);
  const implicated = Array.isArray(input.implicated) ? input.implicated : [input.implicated];
  if (implicated.length === 0) throw new ProfileInputError('implicated must name a medication');
  if (input.evidence.length === 0) throw new ProfileInputError('evidence must name a prediction');
  return {
    resourceType: 'DetectedIssue',
    ...(input.id ? { id: requireFhirId(input.id, 'id') } : {}),
    meta: { profile: [PROFILE.adverseReactionIssue] },
    extension: [probabilityExtension(input)],
    status: input.status ?? 'preliminary',
    code: {
      coding: [
        { system: HL7_ACT_CODE, code: 'REACT', display: 'Reaction Alert' },
        { system: CODE_SYSTEM.adverseReaction, code: reaction.code, display: reaction.display },
      ],
      text: reaction.display,
    },
    severity: input.severity,
    patient: { reference: `Patient/${requireFhirId(input.patientId, 'patientId')}` },
    identifiedDateTime: requireDateTime(input.identified, 'identified'),
    implicated: implicated.map((r: ReferenceInput, i) => referenceOf(r, `implicated[${i}]`)),
    evidence: [{ detail: input.evidence.map((r, i) => referenceOf(r, `evidence[${i}]`)) }],
    detail: requireText(input.detail, 'detail'),
    ...(input.mitigation ? { mitigation: [mitigationOf(input.mitigation)] } : {}),
  };
}

function probabilityExtension(input: AdverseReactionInput) {
  const digits = input.significantDigits ?? 3;
  const round = (value: number, field: string) =>
    roundSignificant(requireProbability(value, field), digits);
  const low = round(input.probabilityInterval.low, 'probabilityInterval.low');
  const high = round(input.probabilityInterval.high, 'probabilityInterval.high');
  requireOrdered([
    ['probabilityInterval.low', low],
    ['probabilityInterval.high', high],
  ]);
  const level = input.probabilityInterval.level ?? 0.9;
  if (!(level > 0 && level < 1)) {
    throw new ProfileInputError(`probabilityInterval.level must lie in (0, 1), got ${level}`);
  }
  return {
    url: EXTENSION.adverseReactionProbability,
    extension: [
      { url: 'probability', valueDecimal: round(input.probability, 'probability') },
      { url: 'low', valueDecimal: low },
      { url: 'high', valueDecimal: high },
      { url: 'level', valueDecimal: level },
    ],
  };
}

function mitigationOf(
  mitigation: NonNullable<AdverseReactionInput['mitigation']>,
): DetectedIssueMitigation {
  return {
    action: {
      ...(mitigation.coding ? { coding: [mitigation.coding] } : {}),
      text: requireText(mitigation.action, 'mitigation.action'),
    },
    ...(mitigation.date ? { date: requireDateTime(mitigation.date, 'mitigation.date') } : {}),
    ...(mitigation.author ? { author: referenceOf(mitigation.author, 'mitigation.author') } : {}),
  };
}
