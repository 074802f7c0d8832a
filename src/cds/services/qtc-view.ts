// The QTc twin page's content: the QTcF over one steady-state dosing cycle of the QT drugs (all
// given together at 0 h) with its 90% band and the 500 ms line, the QT readings the twin learnt
// from beside this patient's baseline, the predictions of the card with each drug's share, and the
// baseline and drug parameters beside the population's. Built only when the link is opened.
import { clinicalRound } from '../format.js';
import type { Band90, TwinChart, TwinView } from '../../twin-page/view-model.js';
import { qtcOverCycle } from '../../twin/models/qtc/cycle.js';
import {
  QT_DRUGS,
  QTC_THRESHOLDS,
  isQtDrugId,
  type QtcPrediction,
  type QtcTwin,
  type QtDrugId,
} from '../../twin/models/qtc/index.js';
import { interval90 } from '../../twin/models/qtc/predict.js';

const Z95 = 1.6448536269514722;
const HOUR_MS = 3_600_000;

/**
 * The shaded range of the QTc charts. QTc is not dosed to a target: the normal upper limits
 * (≈ 450 ms men, 470 ms women) describe healthy people, not a goal on treatment. What the card
 * acts on is the AHA/ACCF threshold above which the torsade risk is high (QTc > 500 ms, or a rise
 * > 60 ms; Drew BJ et al. Circulation 2010;121:1047–1060). So the range is labelled as "below
 * that threshold", never as a target; its 350 ms lower edge only closes the shading (short QT is
 * outside this model).
 */
const BELOW_THRESHOLD = {
  low: 350,
  high: QTC_THRESHOLDS.absoluteMs,
  label: `QTc ≤ ${String(QTC_THRESHOLDS.absoluteMs)} ms: below the AHA/ACCF high-risk threshold (Drew 2010)`,
};

const drugName = (id: QtDrugId) => QT_DRUGS[id].name;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function qtcView(
  twin: QtcTwin,
  p: QtcPrediction,
  now: Date,
  publicUrl: string,
  summary: string,
  assumptions: string[],
): TwinView {
  const names = p.regimens.map((r) => drugName(r.drug)).join(' + ');
  const regimenText = (d: QtDrugId) => {
    const r = p.regimens.find((x) => x.drug === d)!;
    return `${clinicalRound(r.doseMg)} mg ${r.route} every ${clinicalRound(r.intervalH)} h (${r.status})`;
  };
  const readings = readingsChart(twin, p.baselineQtcMs, now);
  return {
    title: 'QTc twin: predicted QTc on the QT drugs',
    model: {
      id: 'qtc',
      name: 'Drug-induced QTc twin (baseline QTcF + concentration and dose-band drug effects)',
      version: '1.0.0',
      docsUrl: `${publicUrl}/models/qtc`,
      citation:
        'Thresholds: Drew BJ, et al. Prevention of torsade de pointes in hospital settings, AHA/ACCF scientific statement. Circulation 2010;121:1047–1060, doi:10.1161/CIRCULATIONAHA.109.192704. Baseline prior: Mason JW, et al. J Electrocardiol 2007;40:228–234. Each drug’s PK and concentration–QTc source is in the model documentation.',
    },
    generatedAt: now.toISOString(),
    summary,
    charts: [cycleChart(twin, p, now), ...(readings ? [readings] : [])],
    scenarios: [`On ${names}`],
    predictions: [
      {
        label: 'Baseline QTcF (no QT drug, potassium of the baseline readings)',
        unit: 'ms',
        bands: [p.baselineQtcMs],
      },
      { label: 'QTcF at steady-state peak', unit: 'ms', bands: [p.qtcMs] },
      { label: 'Rise from baseline', unit: 'ms', bands: [p.deltaQtcMs] },
      { label: 'One 12-lead ECG at the peak (QTcF)', unit: 'ms', bands: [p.ecgQtcMs] },
      ...p.drugs.map((d) => ({
        label: `${drugName(d.drug)} ${regimenText(d.drug)}: QTc effect at its own peak${d.basis === 'dose-band' ? ' (dose band)' : ''}`,
        unit: 'ms',
        bands: [d.deltaQtcMs],
      })),
    ],
    probabilities: [
      {
        label: `Chance QTc > ${String(QTC_THRESHOLDS.absoluteMs)} ms at steady-state peak`,
        values: [p.pQtcAbove500Ms],
      },
      {
        label: `Chance of a rise > ${String(QTC_THRESHOLDS.increaseMs)} ms from baseline`,
        values: [p.pDeltaQtcAbove60Ms],
      },
    ],
    parameters: parameterRows(twin),
    personalisation: personalisation(twin),
    dataUsed: [
      ...twin.used,
      ...(readings ? [] : ['No QT reading on record: no chart of readings.']),
    ],
    assumptions: [
      ...assumptions,
      ...(p.regimens.length > 1
        ? [
            p.combination === 'additive'
              ? 'The drugs’ effects are added at their joint peak, with every drug’s dose given at the same time (an upper bound: combinations are often less than additive).'
              : 'Only the largest single drug’s effect counts (a lower bound).',
          ]
        : []),
      ...(p.potassiumDeltaQtcMs > 0.5
        ? [
            `Low potassium adds ${String(Math.round(p.potassiumDeltaQtcMs))} ms at the current value (12.8 ms per mmol/L below 4.1).`,
          ]
        : []),
    ],
    notes: [],
  };
}

/** QTcF over whole steady-state cycles (at least 24 h), 90% band, doses as events. */
function cycleChart(twin: QtcTwin, p: QtcPrediction, now: Date): TwinChart {
  const cycle = qtcOverCycle(twin, { regimens: p.regimens });
  const band = {
    t: cycle.timesH,
    p05: cycle.qtcMs.map((q) => q.p05),
    p50: cycle.qtcMs.map((q) => q.p50),
    p95: cycle.qtcMs.map((q) => q.p95),
  };
  return {
    title: `QTcF over ${String(cycle.spanH)} h at steady state on ${p.regimens.map((r) => drugName(r.drug)).join(' + ')}`,
    yLabel: 'QTcF',
    unit: 'ms',
    origin: now.toISOString(),
    band,
    target: BELOW_THRESHOLD,
    observations: [],
    events: cycle.doses.map((d) => {
      const r = p.regimens.find((x) => x.drug === d.drug)!;
      return {
        t: d.timeH,
        label: `${drugName(d.drug)} ${clinicalRound(r.doseMg)} mg ${r.route} at ${String(Number(d.timeH.toFixed(1)))} h`,
      };
    }),
    xLabel: 'Hours after the doses, at steady state (every drug given at 0 h)',
    yFrom: axisFloor([...band.p05, BELOW_THRESHOLD.low]),
  };
}

/** The readings the twin learnt from (as QTcF) over the past, with the baseline's 90% band. */
function readingsChart(twin: QtcTwin, baseline: Band90, now: Date): TwinChart | undefined {
  if (twin.ecgs.length === 0) return undefined;
  // twin.ecgs are the inputs' readings sorted by time (prepareEcgs): same order here.
  const raw = [...twin.inputs.ecgs].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const hoursFromNow = (iso: string) => (Date.parse(iso) - now.getTime()) / HOUR_MS;
  const observations = twin.ecgs.map((e, i) => {
    const r = raw[i]!;
    const reported =
      r.qtcMs !== undefined && r.qtcFormula !== 'fridericia'
        ? ` (reported ${String(Math.round(r.qtcMs))} ms, ${r.qtcFormula ?? 'Bazett assumed'})`
        : '';
    return {
      t: hoursFromNow(r.time),
      value: e.qtcfMs,
      label: `${e.device} QTcF ${String(Math.round(e.qtcfMs))} ms${reported} at ${r.time.slice(0, 16).replace('T', ' ')} UTC`,
    };
  });
  // At least the last day, and a margin before the first reading so its point is not on the axis.
  const first = Math.min(...observations.map((o) => o.t));
  const t0 = Math.min(first - Math.max(2, -first * 0.04), -24);
  return {
    title: `QT readings used (as QTcF) and this patient’s baseline QTcF`,
    yLabel: 'QTcF',
    unit: 'ms',
    origin: now.toISOString(),
    band: {
      t: [t0, 0],
      p05: [baseline.p05, baseline.p05],
      p50: [baseline.p50, baseline.p50],
      p95: [baseline.p95, baseline.p95],
    },
    target: BELOW_THRESHOLD,
    observations,
    events: [],
    yFrom: axisFloor([baseline.p05, BELOW_THRESHOLD.low, ...observations.map((o) => o.value)]),
  };
}

/** A round lower end for the value axis, 20 ms or more below the lowest value shown. */
const axisFloor = (values: number[]) => Math.floor((Math.min(...values) - 20) / 50) * 50;

const PARAMETER_LABELS: Record<string, (drug: string) => { name: string; unit: string }> = {
  CL: (d) => ({ name: `${d} clearance (CL)`, unit: 'L/h' }),
  V1: (d) => ({ name: `${d} central volume (V1)`, unit: 'L' }),
  slope: (d) => ({ name: `${d} concentration–QTc slope`, unit: 'ms per mg/L' }),
  effect: (d) => ({ name: `${d} effect, × the dose-band ΔQTc`, unit: '×' }),
};

/** Each parameter's 90% range in the population prior (log-normal, diagonal Ω) beside the
 * posterior's; parameters no reading informs are drawn from the prior, so the two agree. */
function parameterRows(twin: QtcTwin): TwinView['parameters'] {
  return twin.layout.names.map((key, k) => {
    const typical = twin.layout.typical[k]!;
    const sd = Math.sqrt(twin.layout.variance[k]!);
    const [drug = key, kind = ''] = key.split('.');
    const named = isQtDrugId(drug) ? capitalise(drugName(drug)) : drug;
    const label =
      k === 0
        ? { name: 'Baseline QTcF (true, at normal potassium)', unit: 'ms' }
        : (PARAMETER_LABELS[kind]?.(named) ?? { name: key, unit: '' });
    return {
      ...label,
      prior: {
        p05: typical * Math.exp(-Z95 * sd),
        p50: typical,
        p95: typical * Math.exp(Z95 * sd),
      },
      posterior: interval90(Float64Array.from(twin.draws, (d) => d[k]!)),
    };
  });
}

function personalisation(twin: QtcTwin): string {
  if (twin.ecgs.length === 0) {
    return 'No QT reading on record: the baseline and the drug effects are the population’s for this age and sex.';
  }
  const drugs =
    twin.onDrugReadings > 0
      ? `${String(twin.onDrugReadings)} reading(s) on a QT drug also inform that drug’s parameters.`
      : 'No reading on a QT drug yet: the drug parameters are the population’s.';
  return `Baseline individualised with ${String(twin.ecgs.length)} QT reading(s) (${String(twin.baselineReadings)} before any QT drug). ${drugs}`;
}
