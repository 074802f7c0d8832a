// Extension definitions: the prediction interval of a predicted quantity, the probability (with its
// interval) of a predicted adverse reaction, and the regimen a prediction assumes.
import type { StructureDefinition } from '@medplum/fhirtypes';
import { UCUM } from '../../../terminology/systems.js';
import { EXTENSION, FHIR_BASE } from '../urls.js';
import { complexExtensionElements, el, extension, invariant } from './helpers.js';

const LEVEL = {
  name: 'level',
  type: 'decimal',
  short: 'Probability content of the interval, e.g. 0.90',
  definition:
    'The probability that the true value lies within [low, high] under the predictive ' +
    'distribution, as a fraction strictly between 0 and 1 (0.90 for a 90% interval).',
} as const;

const LEVEL_IN_RANGE = invariant(
  'twin-level-1',
  'level is a decimal strictly between 0 and 1',
  "extension('level').value.all($this is decimal and $this > 0 and $this < 1)",
);

export function predictionIntervalExtension(): StructureDefinition {
  return extension(
    {
      id: 'prediction-interval',
      name: 'PredictionInterval',
      title: 'Prediction interval',
      description:
        'The equal-tailed interval of the predictive distribution around a predicted Quantity: ' +
        'low and high are its (1 - level)/2 and (1 + level)/2 quantiles, e.g. the 5th and 95th ' +
        'percentiles for level 0.90. The Quantity it extends holds the median. Not a reference ' +
        'range (which describes a population) and not a Range value (which would lose the median).',
      context: [{ type: 'element', expression: 'Quantity' }],
    },
    complexExtensionElements(
      EXTENSION.predictionInterval,
      {
        short: 'Prediction interval of the extended quantity',
        constraint: [
          LEVEL_IN_RANGE,
          invariant(
            'twin-pi-1',
            'low and high are UCUM quantities with a value',
            "extension.where(url = 'low' or url = 'high').value.all(value.exists() and " +
              `system = '${UCUM}' and code.exists())`,
          ),
          invariant(
            'twin-pi-2',
            'low and high have the same unit and low <= high',
            "(extension('low').exists() and extension('high').exists()) implies " +
              "(extension('low').value.code = extension('high').value.code and " +
              "extension('low').value.value <= extension('high').value.value)",
          ),
        ],
      },
      [
        {
          name: 'low',
          type: 'Quantity',
          short: 'Lower bound, e.g. the 5th percentile',
          definition: 'The (1 - level)/2 quantile of the predictive distribution.',
        },
        {
          name: 'high',
          type: 'Quantity',
          short: 'Upper bound, e.g. the 95th percentile',
          definition: 'The (1 + level)/2 quantile of the predictive distribution.',
        },
        LEVEL,
      ],
    ),
  );
}

export function adverseReactionProbabilityExtension(): StructureDefinition {
  return extension(
    {
      id: 'adverse-reaction-probability',
      name: 'AdverseReactionProbability',
      title: 'Probability of a predicted adverse reaction',
      description:
        'The probability that the detected issue (a predicted adverse drug reaction) occurs, ' +
        "averaged over the twin's posterior, and the equal-tailed interval of that probability " +
        'across the posterior (its uncertainty).',
      context: [{ type: 'element', expression: 'DetectedIssue' }],
    },
    complexExtensionElements(
      EXTENSION.adverseReactionProbability,
      {
        short: 'Probability of the predicted reaction, with its interval',
        constraint: [
          LEVEL_IN_RANGE,
          invariant(
            'twin-arp-1',
            'probability, low and high are decimals in [0, 1]',
            "extension.where(url = 'probability' or url = 'low' or url = 'high').value" +
              '.all($this is decimal and $this >= 0 and $this <= 1)',
          ),
          // The posterior mean may fall outside an equal-tailed interval of a very skewed
          // distribution, so only low <= high is required.
          invariant(
            'twin-arp-2',
            'low <= high',
            "(extension('low').exists() and extension('high').exists()) implies " +
              "extension('low').value <= extension('high').value",
          ),
        ],
      },
      [
        {
          name: 'probability',
          type: 'decimal',
          short: 'Probability of the reaction (posterior mean), 0 to 1',
          definition: 'The posterior predictive probability that the reaction occurs.',
        },
        {
          name: 'low',
          type: 'decimal',
          short: 'Lower bound of the probability, e.g. 5th percentile over the posterior',
          definition: 'The (1 - level)/2 quantile of the probability across posterior draws.',
        },
        {
          name: 'high',
          type: 'decimal',
          short: 'Upper bound of the probability, e.g. 95th percentile over the posterior',
          definition: 'The (1 + level)/2 quantile of the probability across posterior draws.',
        },
        LEVEL,
      ],
    ),
  );
}

export function predictedUnderRegimenExtension(): StructureDefinition {
  return extension(
    {
      id: 'predicted-under-regimen',
      name: 'PredictedUnderRegimen',
      title: 'Regimen a prediction assumes',
      description:
        'The medication order (often a draft) whose dosing regimen the prediction assumes. A ' +
        'predicted exposure is meaningless without it. Observation.basedOn would say the ' +
        'observation fulfils the order, which a prediction does not.',
      context: [{ type: 'element', expression: 'Observation' }],
    },
    [
      el('Extension', {
        short: 'The medication order whose regimen the prediction assumes',
        constraint: [
          invariant('twin-reg-1', 'the value is a Reference', 'value.ofType(Reference).exists()'),
        ],
      }),
      el('Extension.extension', { max: '0' }),
      el('Extension.url', { fixedUri: EXTENSION.predictedUnderRegimen }),
      el('Extension.value[x]', {
        min: 1,
        type: [{ code: 'Reference', targetProfile: [`${FHIR_BASE}MedicationRequest`] }],
      }),
    ],
  );
}
