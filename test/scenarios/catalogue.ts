// The scripted patients: each a record, an order (or a chart opened), the cards a clinical
// pharmacist expects and why. test/scenarios/README.md lists them (a test keeps it in step).
import assert from 'node:assert/strict';
import type { Card } from '../../src/cds/types.js';
import type { Scenario } from './scenario.js';

/** The maintenance dose (mg) and interval (h) of the MedicationRequest a card's suggestion
 * would write; undefined when the card suggests no order change. */
export function suggestedRegimen(card: Card): { doseMg: number; everyH: number } | undefined {
  for (const suggestion of card.suggestions ?? [])
    for (const action of suggestion.actions ?? []) {
      const r = action.resource as
        | {
            resourceType?: string;
            dosageInstruction?: {
              timing?: { repeat?: { period?: number; periodUnit?: string } };
              doseAndRate?: { doseQuantity?: { value?: number; unit?: string; code?: string } }[];
            }[];
          }
        | undefined;
      if (r?.resourceType !== 'MedicationRequest') continue;
      // The maintenance dosage (a loading dose, when suggested, has no repeat period)
      const dosage = r.dosageInstruction?.find((d) => d.timing?.repeat?.period !== undefined);
      const dose = dosage?.doseAndRate?.[0]?.doseQuantity;
      const repeat = dosage?.timing?.repeat;
      if (dose?.value === undefined || repeat?.period === undefined) continue;
      const factor = { mg: 1, ug: 1e-3, g: 1000, '[iU]': 1 }[dose.code ?? dose.unit ?? 'mg'] ?? NaN;
      const hours = { h: 1, d: 24 }[repeat.periodUnit ?? 'h'] ?? NaN;
      return { doseMg: dose.value * factor, everyH: repeat.period * hours };
    }
  return undefined;
}

const dailyMg = (r: { doseMg: number; everyH: number }) => (r.doseMg * 24) / r.everyH;

/** The card suggests a daily dose below (or above) `ordered` mg/day. */
const suggestsDaily =
  (direction: 'lower' | 'higher', orderedDailyMg: number) =>
  (card: Card): void => {
    const suggested = suggestedRegimen(card);
    assert.ok(suggested, 'a suggested regimen');
    const daily = dailyMg(suggested);
    if (direction === 'lower') assert.ok(daily < orderedDailyMg, `${daily} mg/day suggested`);
    else assert.ok(daily > orderedDailyMg, `${daily} mg/day suggested`);
  };

const VANCOMYCIN = 'vancomycin-exposure';
const WARFARIN = 'warfarin-inr';
const QTC = 'qtc-prolongation';
const DOFETILIDE = 'dofetilide-dose';
const INTERACTION = 'drug-interaction';
const INSULIN = 'insulin-glucose';

export const SCENARIOS: Scenario[] = [
  {
    id: 'vanco-renal-elderly',
    title: 'Vancomycin 1500 mg q12h, 80-year-old man, creatinine 2.0 mg/dL',
    why: 'Reduced kidney function slows vancomycin clearance: 3 g/day gives an exposure far above the AUC24 400–600 target (nephrotoxicity risk), so the card warns and suggests a much lower daily dose.',
    record: {
      id: 'sc-vanco-renal',
      sex: 'male',
      ageYears: 80,
      weightKg: 70,
      heightCm: 172,
      creatinineMgDl: 2.0,
    },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1500, everyH: 12, infusionH: 1.5 }],
    expect: [
      {
        topic: VANCOMYCIN,
        indicator: ['warning', 'critical'],
        summary: /above/i,
        // Ranked alternatives after the suggestion, each with its chance of the target.
        detail: [
          /\*\*Other regimens\*\*, next best: (.+? \(chance within target \d+%, median AUC24 \d+ mg·h\/L\)(; )?){3}\./,
        ],
        check: suggestsDaily('lower', 3000),
      },
    ],
  },
  {
    id: 'vanco-normal-adult',
    title: 'Vancomycin 1000 mg q12h, 40-year-old man, 80 kg, creatinine 0.9 mg/dL',
    why: 'Normal kidney function: 2 g/day puts the typical patient inside AUC24 400–600; an informational card with the prediction and its interval, no change suggested.',
    record: {
      id: 'sc-vanco-normal',
      sex: 'male',
      ageYears: 40,
      weightKg: 80,
      heightCm: 180,
      creatinineMgDl: 0.9,
    },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
    expect: [{ topic: VANCOMYCIN, indicator: 'info', summary: /within/i, suggestion: 'none' }],
  },
  {
    id: 'vanco-underdosed-augmented',
    title: 'Vancomycin 500 mg q12h, 24-year-old man, 95 kg, creatinine 0.6 mg/dL',
    why: 'A young, heavy patient with brisk kidney function clears vancomycin fast: 1 g/day falls short of AUC24 400 (risk of treatment failure), so the card warns and suggests a higher daily dose.',
    record: {
      id: 'sc-vanco-under',
      sex: 'male',
      ageYears: 24,
      weightKg: 95,
      heightCm: 185,
      creatinineMgDl: 0.6,
    },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 500, everyH: 12, infusionH: 1 }],
    expect: [
      {
        topic: VANCOMYCIN,
        indicator: 'warning',
        summary: /below/i,
        check: suggestsDaily('higher', 1000),
      },
    ],
  },
  {
    id: 'vanco-haemodialysis',
    title: 'Vancomycin 1000 mg q12h in a patient on maintenance haemodialysis',
    why: 'Without kidney function vancomycin is cleared mainly by dialysis: twice-daily dosing accumulates far above the AUC24 target, so the card warns, names dialysis as the reason, and suggests much less.',
    record: {
      id: 'sc-vanco-hd',
      sex: 'female',
      ageYears: 58,
      weightKg: 72,
      creatinineMgDl: 6.5,
      conditions: ['302497006'],
    },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
    expect: [
      {
        topic: VANCOMYCIN,
        indicator: ['warning', 'critical'],
        summary: /above/i,
        detail: [/dialysis/i],
        check: suggestsDaily('lower', 2000),
      },
    ],
  },
  {
    id: 'vanco-missing-weight',
    title: 'Vancomycin 1000 mg q12h, no weight on record',
    why: 'Clearance and volume scale with body weight: without one the twin assumes a typical weight, says so on the card, and widens the interval rather than guessing silently.',
    record: { id: 'sc-vanco-noweight', sex: 'female', ageYears: 55, creatinineMgDl: 1.0 },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
    expect: [
      {
        topic: VANCOMYCIN,
        indicator: ['info', 'warning'],
        detail: [/assumed/i, /weight/i],
      },
    ],
  },
  {
    id: 'vanco-missing-creatinine',
    title: 'Vancomycin 1000 mg q12h, no creatinine on record',
    why: 'Without a serum creatinine kidney function is unknown: the twin assumes a value, says so, and widens the interval; a pharmacist would order a creatinine before trusting any dose.',
    record: { id: 'sc-vanco-noscr', sex: 'male', ageYears: 60, weightKg: 75 },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
    expect: [
      { topic: VANCOMYCIN, indicator: ['info', 'warning'], detail: [/assumed/i, /creatinine/i] },
    ],
  },
  {
    id: 'vanco-levels-high',
    title: 'Vancomycin 1000 mg q12h for two days, trough 24 mg/L',
    why: 'Measured levels outrank the population: a trough of 24 mg/L after four doses means this patient clears vancomycin slowly, so the individualised twin predicts an exposure above target and suggests less.',
    record: {
      id: 'sc-vanco-levels',
      sex: 'female',
      ageYears: 66,
      weightKg: 68,
      heightCm: 165,
      creatinineMgDl: 1.0,
      active: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
      vancomycinDoses: [48, 36, 24, 12].map((h) => ({ hoursAgo: h, mg: 1000, infusionH: 1 })),
      vancomycinLevels: [
        { value: 24, hoursAgo: 12.5 },
        { value: 38, hoursAgo: 9 },
      ],
    },
    hook: 'order-sign',
    orders: [{ drug: 'vancomycin', dose: 1000, everyH: 12, infusionH: 1 }],
    expect: [
      {
        topic: VANCOMYCIN,
        indicator: ['warning', 'critical'],
        summary: /above/i,
        detail: [/level/i],
        check: suggestsDaily('lower', 2000),
      },
    ],
  },
  {
    id: 'warfarin-sensitive-genotype',
    title: 'Warfarin 5 mg daily, CYP2C9 *3/*3 and VKORC1 -1639 A/A',
    why: 'Both variants make a patient very sensitive to warfarin (slow S-warfarin clearance, less VKORC1): 5 mg daily drives the INR far above 2–3 with a high bleeding risk, so the card warns and suggests a much smaller dose.',
    record: {
      id: 'sc-wf-sensitive',
      sex: 'female',
      ageYears: 65,
      weightKg: 70,
      genotypes: { CYP2C9: '*3/*3', VKORC1: '-1639 A/A' },
    },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 5, everyH: 24 }],
    expect: [
      {
        topic: WARFARIN,
        indicator: ['warning', 'critical'],
        detail: [/INR/, /90% interval/],
        check: suggestsDaily('lower', 5),
      },
    ],
  },
  {
    id: 'warfarin-wild-type',
    title: 'Warfarin 5 mg daily, CYP2C9 *1/*1 and VKORC1 -1639 G/G',
    why: 'Without sensitivity variants a 65-year-old usually needs about 5 mg daily: the predicted steady-state INR is near the 2–3 range; no strong warning.',
    record: {
      id: 'sc-wf-wild',
      sex: 'male',
      ageYears: 65,
      weightKg: 80,
      genotypes: { CYP2C9: '*1/*1', VKORC1: '-1639 G/G' },
    },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 5, everyH: 24 }],
    expect: [{ topic: WARFARIN, indicator: ['info', 'warning'], detail: [/INR/] }],
  },
  {
    id: 'warfarin-genotypes-compared',
    title: 'Warfarin: *3/*3 + A/A needs far less than *1/*1 + G/G',
    why: 'The same order for two patients who differ only in CYP2C9 and VKORC1: the sensitive patient is suggested a much smaller daily dose than the wild-type patient needs (Hamberg 2007).',
    record: {
      id: 'sc-wf-compare',
      sex: 'female',
      ageYears: 65,
      weightKg: 70,
      genotypes: { CYP2C9: '*3/*3', VKORC1: '-1639 A/A' },
    },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 10, everyH: 24 }],
    expect: [
      {
        topic: WARFARIN,
        indicator: ['warning', 'critical'],
        check: (card) => {
          const s = suggestedRegimen(card);
          assert.ok(s && s.doseMg <= 2.5, `sensitive patient: ${s?.doseMg ?? 'no'} mg suggested`);
        },
      },
    ],
  },
  {
    id: 'warfarin-genotype-unknown',
    title: 'Warfarin 5 mg daily, no genotype on record',
    why: 'Without CYP2C9/VKORC1 results the twin averages over the population genotype frequencies, says so, and gives a wider INR interval than for a genotyped patient.',
    record: { id: 'sc-wf-unknown', sex: 'male', ageYears: 70, weightKg: 78 },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 5, everyH: 24 }],
    expect: [{ topic: WARFARIN, indicator: ['info', 'warning'], detail: [/genotype/i] }],
  },
  {
    id: 'warfarin-inr-high-on-dose',
    title: 'Warfarin 7.5 mg daily started 10 days ago, INR climbing 1.6 → 2.6 → 3.8',
    why: 'Measured INRs individualise the twin: an INR still climbing steeply on day 10 means this patient will settle far above 2–3 on 7.5 mg (no dose administrations are recorded, so the doses are taken as prescribed, and the card says so); it warns of the bleeding risk and suggests a lower dose.',
    record: {
      id: 'sc-wf-inr-high',
      sex: 'female',
      ageYears: 72,
      weightKg: 64,
      active: [{ drug: 'warfarin', dose: 7.5, everyH: 24, startedDaysAgo: 10 }],
      inr: [
        { value: 3.8, hoursAgo: 12 },
        { value: 2.6, hoursAgo: 72 },
        { value: 1.6, hoursAgo: 144 },
      ],
    },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 7.5, everyH: 24 }],
    expect: [
      {
        topic: WARFARIN,
        indicator: ['warning', 'critical'],
        summary: /above 2–3/,
        detail: [
          /taken as prescribed/i,
          /daily dose\(s\) as prescribed \(no administrations on record\)/,
        ],
        check: suggestsDaily('lower', 7.5),
      },
    ],
  },
  {
    id: 'warfarin-elderly-intermediate',
    title: 'Warfarin 5 mg daily, 86-year-old, CYP2C9 *2/*3 and VKORC1 -1639 G/A',
    why: 'Age and reduced-function CYP2C9 alleles both slow S-warfarin clearance: a standard 5 mg start overshoots INR 3 in this patient, so the card warns and suggests a lower dose.',
    record: {
      id: 'sc-wf-elderly',
      sex: 'female',
      ageYears: 86,
      weightKg: 58,
      genotypes: { CYP2C9: '*2/*3', VKORC1: '-1639 G/A' },
    },
    hook: 'order-sign',
    orders: [{ drug: 'warfarin', dose: 5, everyH: 24 }],
    expect: [
      {
        topic: WARFARIN,
        indicator: ['warning', 'critical'],
        summary: /above 2–3/,
        check: suggestsDaily('lower', 5),
      },
    ],
  },
  {
    id: 'qtc-ondansetron-citalopram-hypokalaemia',
    title: 'Ondansetron IV plus citalopram in a hypokalaemic woman whose QTc is already long',
    why: 'Two QT-prolonging drugs add their effects on a QTc already near 485 ms, with potassium 3.0 mmol/L and female sex adding risk: the card warns with the predicted QTc, its 90% interval and the chance of exceeding 500 ms.',
    record: {
      id: 'sc-qt-ond-cit',
      sex: 'female',
      ageYears: 78,
      weightKg: 60,
      creatinineMgDl: 0.9,
      potassiumMmolL: 3.0,
      qtcMs: [482, 488],
    },
    hook: 'order-sign',
    orders: [
      { drug: 'citalopram', dose: 40, everyH: 24 },
      { drug: 'ondansetron', dose: 8, everyH: 8, infusionH: 0.25 },
    ],
    expect: [
      {
        topic: QTC,
        indicator: ['warning', 'critical'],
        summary: /citalopram \+ ondansetron|ondansetron \+ citalopram/i,
        detail: [/potassium/i, /90% interval/],
      },
    ],
  },
  {
    id: 'qtc-azithromycin-normal',
    title: 'Azithromycin 250 mg daily, normal QTc and potassium',
    why: 'A small QT effect on a normal baseline carries little risk: no QTc card interrupts the prescriber.',
    record: {
      id: 'sc-qt-azithro',
      sex: 'male',
      ageYears: 45,
      weightKg: 80,
      creatinineMgDl: 0.9,
      potassiumMmolL: 4.3,
      qtcMs: [405, 410],
    },
    hook: 'order-sign',
    orders: [{ drug: 'azithromycin', dose: 250, everyH: 24 }],
    expect: [],
    absent: [QTC],
  },
  {
    id: 'qtc-methadone-moxifloxacin',
    title: 'Moxifloxacin added to high-dose methadone, QTc about 480 ms',
    why: 'Methadone at 120 mg/day already lengthens the QT; moxifloxacin adds a further, well-measured rise, so a rise of more than 60 ms over the drug-free baseline becomes likely: the card warns.',
    record: {
      id: 'sc-qt-methadone',
      sex: 'male',
      ageYears: 52,
      weightKg: 78,
      creatinineMgDl: 1.0,
      potassiumMmolL: 3.9,
      qtcMs: [478, 482],
      active: [{ drug: 'methadone', dose: 60, everyH: 12 }],
    },
    hook: 'order-sign',
    orders: [{ drug: 'moxifloxacin', dose: 400, everyH: 24 }],
    expect: [{ topic: QTC, indicator: ['warning', 'critical'], summary: /moxifloxacin/i }],
  },
  {
    id: 'qtc-sotalol-renal',
    title: 'Sotalol 160 mg twice daily, 80-year-old woman, creatinine 2.0 mg/dL',
    why: 'Sotalol is cleared by the kidneys: with a creatinine clearance near 20 mL/min its concentration, and with it the QT, rises far beyond what the dose suggests; a high chance of QTc above 500 ms is a critical card.',
    record: {
      id: 'sc-qt-sotalol',
      sex: 'female',
      ageYears: 80,
      weightKg: 55,
      creatinineMgDl: 2.0,
      potassiumMmolL: 4.0,
      qtcMs: [450],
    },
    hook: 'order-sign',
    orders: [{ drug: 'sotalol', dose: 160, everyH: 12 }],
    expect: [{ topic: QTC, indicator: 'critical', summary: /sotalol/i }],
  },
  {
    id: 'qtc-haloperidol-iv',
    title: 'Haloperidol 10 mg IV every 6 h for delirium, QTc 470 ms, potassium 3.2 mmol/L',
    why: 'Intravenous haloperidol at high doses prolongs the QT (the basis of its boxed warning); on a QTc of 470 ms with low potassium the chance of exceeding 500 ms calls for a warning.',
    record: {
      id: 'sc-qt-haloperidol',
      sex: 'male',
      ageYears: 70,
      weightKg: 70,
      creatinineMgDl: 1.0,
      potassiumMmolL: 3.2,
      qtcMs: [470],
    },
    hook: 'order-sign',
    orders: [{ drug: 'haloperidol', dose: 10, everyH: 6, infusionH: 0.1 }],
    expect: [{ topic: QTC, indicator: ['warning', 'critical'], summary: /haloperidol/i }],
  },
  {
    id: 'qtc-dofetilide-citalopram-long-qt',
    title: 'Dofetilide and citalopram on a long baseline QTc with low potassium',
    why: 'Dofetilide is a potent QT prolonger; with citalopram, a baseline above 470 ms and potassium 3.2 mmol/L the chance of QTc above 500 ms is high: a warning or critical card.',
    record: {
      id: 'sc-qt-dofetilide',
      sex: 'female',
      ageYears: 71,
      weightKg: 68,
      creatinineMgDl: 1.0,
      potassiumMmolL: 3.2,
      qtcMs: [478, 484],
      active: [{ drug: 'citalopram', dose: 40, everyH: 24 }],
    },
    hook: 'order-sign',
    orders: [{ drug: 'dofetilide', dose: 500, unit: 'ug', everyH: 12 }],
    expect: [{ topic: QTC, indicator: ['warning', 'critical'], summary: /dofetilide/i }],
  },
  {
    id: 'dofetilide-renal-limit',
    title: 'Dofetilide 500 µg twice daily, 70-year-old woman, 70 kg, creatinine 1.9 mg/dL',
    why: 'The dofetilide label doses by creatinine clearance: about 30 mL/min (Cockcroft–Gault) falls in the 20–<40 band, limited to 125 µg twice daily; the card says the kidneys clear dofetilide more slowly and offers the label dose as an update.',
    record: {
      id: 'sc-dofetilide-renal',
      sex: 'female',
      ageYears: 70,
      weightKg: 70,
      creatinineMgDl: 1.9,
      potassiumMmolL: 4.2,
      qtcMs: [420],
    },
    hook: 'order-sign',
    orders: [{ drug: 'dofetilide', dose: 500, unit: 'ug', everyH: 12 }],
    expect: [
      {
        topic: DOFETILIDE,
        indicator: ['warning', 'critical'],
        summary: /125 µg twice daily/,
        check: (card) => {
          const s = suggestedRegimen(card);
          assert.ok(s, 'the label dose offered as an update');
          assert.ok(Math.abs(s.doseMg - 0.125) < 1e-9 && s.everyH === 12, JSON.stringify(s));
        },
      },
    ],
  },
  {
    id: 'dofetilide-with-verapamil',
    title: 'Dofetilide 500 µg twice daily for a man taking verapamil 80 mg three times daily',
    why: 'The dofetilide label contraindicates verapamil: it substantially raises dofetilide plasma concentrations, and higher levels prolong the QT interval and can trigger torsade de pointes. The dose fits his kidney function, yet the card is critical, names verapamil with the label’s reason, and suggests removing the dofetilide order.',
    record: {
      id: 'sc-dofetilide-verapamil',
      sex: 'male',
      ageYears: 62,
      weightKg: 85,
      creatinineMgDl: 1.0,
      potassiumMmolL: 4.3,
      qtcMs: [410],
      active: [{ drug: 'verapamil', dose: 80, everyH: 8, startedDaysAgo: 60 }],
    },
    hook: 'order-sign',
    orders: [{ drug: 'dofetilide', dose: 500, unit: 'ug', everyH: 12 }],
    expect: [
      {
        topic: DOFETILIDE,
        indicator: 'critical',
        summary: /^Dofetilide with verapamil: contraindicated/,
        detail: [
          /substantial increase in dofetilide plasma concentrations/,
          /torsade de pointes/,
          /500 micrograms twice daily/,
        ],
        suggestion: /Remove the dofetilide order/,
        check: (card) => {
          const actions = card.suggestions?.flatMap((s) => s.actions ?? []) ?? [];
          assert.deepEqual(
            actions.map((a) => [a.type, a.resourceId]),
            [['delete', 'MedicationRequest/sc-dofetilide-verapamil-draft-1']],
          );
        },
      },
    ],
  },
  {
    id: 'amiodarone-added-to-warfarin',
    title: 'Amiodarone 200 mg daily ordered for a patient stable on warfarin 5 mg',
    why: 'Amiodarone slows the liver’s breakdown of S-warfarin (CYP2C9): the INR is predicted to rise over the following weeks, so the card warns, gives the chance of INR > 4 with its range, and suggests a lower warfarin dose.',
    record: {
      id: 'sc-amio-warfarin',
      sex: 'male',
      ageYears: 68,
      weightKg: 82,
      active: [{ drug: 'warfarin', dose: 5, everyH: 24, startedDaysAgo: 90 }],
      inr: [
        { value: 2.5, hoursAgo: 24 },
        { value: 2.4, hoursAgo: 24 * 8 },
        { value: 2.6, hoursAgo: 24 * 15 },
      ],
    },
    hook: 'order-sign',
    orders: [{ drug: 'amiodarone', dose: 200, everyH: 24 }],
    expect: [
      {
        topic: INTERACTION,
        indicator: ['warning', 'critical'],
        summary: /INR predicted to rise/,
        detail: [/CYP2C9/, /90% interval/],
      },
    ],
  },
  {
    id: 'insulin-nocturnal-lows',
    title: 'Insulin glargine 16 units daily, meter glucose falling to 3.4 mmol/L overnight',
    why: 'Fasting glucose falling steadily overnight to below 3.9 mmol/L on the current basal dose predicts further lows on the same dose: the card warns with the chance of glucose < 3.9 and < 3.0 mmol/L and suggests a basal dose at most 20 % lower (ADA 2024).',
    record: {
      id: 'sc-insulin-lows',
      sex: 'female',
      ageYears: 64,
      weightKg: 70,
      active: [{ drug: 'glargine', dose: 16, unit: '[iU]', everyH: 24, startedDaysAgo: 30 }],
      glucoseMmolL: [
        { value: 9.0, hoursAgo: 12.5 },
        { value: 8.1, hoursAgo: 10.5 },
        { value: 6.9, hoursAgo: 8.5 },
        { value: 5.7, hoursAgo: 6.5 },
        { value: 4.7, hoursAgo: 4.5 },
        { value: 3.9, hoursAgo: 2.5 },
        { value: 3.4, hoursAgo: 0.5 },
      ],
    },
    hook: 'order-sign',
    orders: [{ drug: 'glargine', dose: 16, unit: '[iU]', everyH: 24 }],
    expect: [
      {
        topic: INSULIN,
        indicator: ['warning', 'critical'],
        detail: [/3\.9 mmol\/L/],
        check: (card) => {
          const s = suggestedRegimen(card);
          assert.ok(s, 'a lower basal dose offered');
          assert.ok(s.doseMg < 16 && s.doseMg >= 12.8, `${s.doseMg} units suggested`);
        },
      },
    ],
  },
  {
    id: 'insulin-mealtime-held-back',
    title:
      'Insulin lispro 10 units before meals added to glargine, meter glucose steady near 6.5 mmol/L, no meals recorded',
    why: 'Meal-time insulin cards are held back by default (MEAL_BOLUS_CARDS=off): on the population’s response to meal-time insulin the glucose twin predicts lows for doses in common use (4 units for 50 g: 58% chance of glucose < 3.9 mmol/L), so rather than warn on ordinary doses the card says meal-time insulin is not yet predicted and why, with no numbers and no suggestion. With MEAL_BOLUS_CARDS=on the meal-time card runs (test/integration/insulin-card.test.ts).',
    record: {
      id: 'sc-insulin-meal',
      sex: 'male',
      ageYears: 38,
      weightKg: 70,
      active: [{ drug: 'glargine', dose: 12, unit: '[iU]', everyH: 24, startedDaysAgo: 60 }],
      glucoseMmolL: [
        { value: 6.6, hoursAgo: 10.5 },
        { value: 6.4, hoursAgo: 8.5 },
        { value: 6.7, hoursAgo: 6.5 },
        { value: 6.5, hoursAgo: 4.5 },
        { value: 6.3, hoursAgo: 2.5 },
        { value: 6.5, hoursAgo: 0.5 },
      ],
    },
    hook: 'order-sign',
    orders: [{ drug: 'lispro', dose: 10, unit: '[iU]', everyH: 8, withMeals: 'AC' }],
    expect: [
      {
        topic: INSULIN,
        indicator: ['info'],
        summary: /^Insulin lispro order: glucose after meals not predicted$/,
        detail: [/held back until it is calibrated against meal data/],
        check: (card) => assert.equal(card.suggestions, undefined, 'no dose suggested'),
      },
    ],
  },
  {
    id: 'no-twin-amoxicillin',
    title: 'Amoxicillin 500 mg q8h in a healthy adult',
    why: 'No twin applies and no QT risk: the service stays silent rather than adding noise.',
    record: { id: 'sc-amox', sex: 'female', ageYears: 35, weightKg: 62, creatinineMgDl: 0.7 },
    hook: 'order-sign',
    orders: [{ drug: 'amoxicillin', dose: 500, everyH: 8 }],
    expect: [],
    absent: [VANCOMYCIN, WARFARIN, QTC],
  },
  {
    id: 'view-active-vancomycin',
    title: 'Chart opened for a patient on vancomycin with impaired kidney function',
    why: 'patient-view summarises the running therapy: the active vancomycin order is predicted above target, so the summary carries that card without waiting for a new order.',
    record: {
      id: 'sc-view-vanco',
      sex: 'male',
      ageYears: 78,
      weightKg: 72,
      creatinineMgDl: 2.2,
      active: [{ drug: 'vancomycin', dose: 1250, everyH: 12, infusionH: 1.5 }],
    },
    hook: 'patient-view',
    expect: [{ topic: VANCOMYCIN, indicator: ['warning', 'critical'], summary: /above/i }],
  },
];
