// The code systems of ours that the profiles need, as data the builders share with the generated
// CodeSystem resources in profiles/.
import type { CodeSystem } from '@medplum/fhirtypes';
import { codeSystem } from './helpers.js';

export const PREDICTION_CATEGORY = {
  code: 'twin-prediction',
  display: 'Digital twin prediction',
  definition:
    "A value predicted by the patient's digital twin (a mechanistic model individualised to the " +
    'patient by Bayesian inference), not measured. Consumers that list measured results should ' +
    'leave observations in this category out.',
} as const;

export const PREDICTED_QUANTITIES = [
  {
    code: 'vancomycin-auc24-ss',
    display: 'Predicted steady-state vancomycin AUC over 24 h',
    definition:
      'Area under the serum vancomycin concentration-time curve over a 24 h interval at steady ' +
      'state under the stated regimen, as predicted by the twin. UCUM unit mg.h/L.',
    unit: 'mg.h/L',
  },
  {
    code: 'vancomycin-trough-ss',
    display: 'Predicted steady-state vancomycin trough concentration',
    definition:
      'Serum vancomycin concentration just before a dose at steady state under the stated ' +
      'regimen, as predicted by the twin. UCUM unit mg/L.',
    unit: 'mg/L',
  },
  {
    code: 'vancomycin-peak-ss',
    display: 'Predicted steady-state vancomycin peak concentration',
    definition:
      'Serum vancomycin concentration at the end of the infusion at steady state under the ' +
      'stated regimen, as predicted by the twin. UCUM unit mg/L.',
    unit: 'mg/L',
  },
  {
    code: 'warfarin-inr-ss',
    display: 'Predicted steady-state INR on warfarin',
    definition:
      'INR averaged over a dosing interval at steady state under the stated daily warfarin ' +
      'dose, as predicted by the twin. UCUM unit {INR} (a ratio, annotated).',
    unit: '{INR}',
  },
  {
    code: 'qtcf-peak-ss',
    display: 'Predicted QTcF at the steady-state peak of QT-prolonging drugs',
    definition:
      'Heart-rate-corrected QT interval (Fridericia) at the joint steady-state peak of the ' +
      'stated QT-prolonging drug regimens, as predicted by the twin: the true value, without ' +
      'the measurement error of one ECG. UCUM unit ms.',
    unit: 'ms',
  },
] as const;

export const TWIN_MODELS = [
  {
    code: 'vancomycin-goti-2018',
    display: 'Vancomycin two-compartment population PK model (Goti 2018)',
    definition:
      'Goti V, Chaturvedula A, Fossler MJ, Mok S, Jacob JT. Hospitalized patients with and ' +
      'without hemodialysis have markedly different vancomycin pharmacokinetics: a population ' +
      'pharmacokinetic model-based analysis. Ther Drug Monit 2018;40(2):212-221, ' +
      'doi:10.1097/FTD.0000000000000490; individualised by MAP and posterior sampling.',
  },
  {
    code: 'warfarin-hamberg-2007',
    display: 'S-warfarin PK / INR PD model (Hamberg 2007)',
    definition:
      'Hamberg A-K et al. A PK-PD model for predicting the impact of age, CYP2C9, and VKORC1 ' +
      'genotype on individualization of warfarin therapy. Clin Pharmacol Ther ' +
      '2007;81(4):529-538, doi:10.1038/sj.clpt.6100084.',
  },
  {
    code: 'glucose-hovorka-2004',
    display: 'Glucose-insulin model for type 1 diabetes (Hovorka 2004)',
    definition:
      'Hovorka R et al. Nonlinear model predictive control of glucose concentration in ' +
      'subjects with type 1 diabetes. Physiol Meas 2004;25(4):905-920, ' +
      'doi:10.1088/0967-3334/25/4/010.',
  },
  {
    code: 'qtc-drug-induced',
    display: 'Drug-induced QTc model (baseline QTcF, drug concentration–ΔQTc, potassium)',
    definition:
      "The patient's baseline QTcF (Mason JW et al. J Electrocardiol 2007;40(3):228-234, " +
      "doi:10.1016/j.jelectrocard.2006.09.003) learnt from QT readings, plus each QT drug's " +
      'effect at its steady-state peak from a sourced catalogue (src/twin/models/qtc/README.md), ' +
      'plus hypokalaemia; thresholds QTc > 500 ms and a rise > 60 ms (Drew BJ et al. ' +
      'Circulation 2010;121(8):1047-1060, doi:10.1161/CIRCULATIONAHA.109.192704).',
  },
] as const;

export const ADVERSE_REACTIONS = [
  {
    code: 'nephrotoxicity',
    display: 'Predicted drug-induced nephrotoxicity (acute kidney injury)',
    definition:
      'Risk that the implicated medication causes acute kidney injury, predicted from the ' +
      "twin's exposure (e.g. vancomycin AUC24 above 600 mg.h/L, Rybak 2020).",
  },
  {
    code: 'bleeding',
    display: 'Predicted drug-induced bleeding',
    definition:
      'Risk of clinically relevant bleeding from the implicated anticoagulant, predicted from ' +
      "the twin's pharmacodynamic response (e.g. INR).",
  },
  {
    code: 'qtc-prolongation',
    display: 'Predicted drug-induced QTc prolongation',
    definition:
      'Risk that the implicated medication prolongs the heart-rate-corrected QT interval to a ' +
      'level associated with torsades de pointes.',
  },
  {
    code: 'hypoglycaemia',
    display: 'Predicted drug-induced hypoglycaemia',
    definition:
      'Risk that the implicated glucose-lowering medication causes blood glucose below ' +
      "3.9 mmol/L, predicted from the twin's glucose trajectory.",
  },
] as const;

export type PredictedQuantityCode = (typeof PREDICTED_QUANTITIES)[number]['code'];
export type TwinModelCode = (typeof TWIN_MODELS)[number]['code'];
export type AdverseReactionKind = (typeof ADVERSE_REACTIONS)[number]['code'];

export function twinCodeSystems(): CodeSystem[] {
  return [
    codeSystem(
      {
        id: 'twin-observation-category',
        name: 'TwinObservationCategory',
        title: 'Twin CDS observation categories',
        description: 'Categories of observations Twin CDS writes, beyond HL7 observation-category.',
      },
      [PREDICTION_CATEGORY],
    ),
    codeSystem(
      {
        id: 'twin-predicted-quantity',
        name: 'TwinPredictedQuantity',
        title: 'Quantities a Twin CDS twin predicts',
        description:
          'Codes for predicted quantities. Deliberately not LOINC: a LOINC code names a ' +
          'measurement, and a prediction coded with one could be read as a measured result.',
      },
      PREDICTED_QUANTITIES.map(({ code, display, definition }) => ({ code, display, definition })),
    ),
    codeSystem(
      {
        id: 'twin-model',
        name: 'TwinModel',
        title: 'Twin CDS models',
        description: 'The mechanistic models a twin is built from, each with its source paper.',
      },
      TWIN_MODELS,
    ),
    codeSystem(
      {
        id: 'twin-adverse-reaction',
        name: 'TwinAdverseReaction',
        title: 'Adverse drug reactions a Twin CDS twin predicts',
        description:
          'Specific predicted adverse drug reactions; DetectedIssue.code pairs one with the ' +
          'broader HL7 v3 ActCode REACT (Reaction Alert).',
      },
      ADVERSE_REACTIONS,
    ),
  ];
}
