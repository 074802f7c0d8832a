// The QTc card: for QT-prolonging drugs ordered (order-select/sign) or taken (patient-view), the
// predicted QTc at steady-state peak with its 90% interval, P(QTc > 500 ms) and P(rise > 60 ms)
// (AHA/ACCF 2010 scientific statement thresholds), each drug's share, and the risk factors.
import type { MedicationRequest } from '@medplum/fhirtypes';
import { severityOf } from '../../decide/adverse-severity.js';
import { qtcInputsFrom } from '../../decide/qtc-inputs.js';
import {
  personaliseQtc,
  predictQtc,
  QT_DRUGS,
  type QtcPrediction,
} from '../../twin/models/qtc/index.js';
import type { Measured, PatientSnapshot } from '../../twin/snapshot.js';
import { card, TOPIC_SYSTEM } from '../cards.js';
import { clinicalRound, md, percent } from '../format.js';
import type { ServiceDeps } from '../service-types.js';
import type { Card } from '../types.js';
import { qtcView } from './qtc-view.js';
import { recordQtcSuggestion } from './qtc-write-back.js';
import type { TwinHeadline } from './twin-overview.js';

const ms = (b: { p05: number; p50: number; p95: number }) =>
  `${Math.round(b.p50)} ms (90% interval ${Math.round(b.p05)}–${Math.round(b.p95)})`;

export interface QtcCardOptions {
  /** patient-view shows an informational card too; order hooks interrupt only for warnings. */
  showInfo: boolean;
  /** patient-view's overview of the patient's twins (twin-overview.ts). */
  report?: (headline: TwinHeadline) => void;
}

export async function qtcCard(
  snapshot: PatientSnapshot,
  drafts: readonly MedicationRequest[],
  wearableQtc: readonly Measured[],
  deps: ServiceDeps,
  now: Date,
  options: QtcCardOptions,
): Promise<Card | undefined> {
  const { inputs, ordered, assumptions } = qtcInputsFrom(
    snapshot,
    drafts,
    deps.terminology,
    wearableQtc,
    now,
  );
  if (inputs.regimens.length === 0 || (!options.showInfo && ordered.length === 0)) return undefined;
  const twin = personaliseQtc(inputs);
  const p = predictQtc(twin);
  const indicator = severityOf(p.pQtcAbove500Ms, p.pDeltaQtcAbove60Ms);
  if (indicator === 'info' && !options.showInfo) return undefined;
  const names = p.regimens.map((r) => QT_DRUGS[r.drug].name).join(' + ');
  options.report?.({
    twin: 'QTc',
    model: 'Drug-induced QTc (baseline QTcF + drug effects)',
    docsUrl: `${deps.publicUrl}/models/qtc`,
    prediction: `QTcF at steady-state peak ${ms(p.qtcMs)} with ${names}`,
    risk: `${percent(p.pQtcAbove500Ms)} chance of QTc > 500 ms`,
  });
  const assumed = [...assumptions, ...twin.assumptions];
  const summary =
    `QTc with ${names}: predicted ${Math.round(p.qtcMs.p50)} ms, ${percent(p.pQtcAbove500Ms)} chance above 500 ms`.slice(
      0,
      139,
    );
  const topic = {
    system: TOPIC_SYSTEM,
    code: 'qtc-prolongation',
    display: 'Drug-induced QTc prolongation',
  };
  const pageUrl = await deps.twinPages.publish(() => ({
    ...qtcView(twin, p, now, deps.publicUrl, summary, assumed),
    cardType: { code: topic.code, display: topic.display },
  }));
  return card({
    summary,
    detail: detail(p, snapshot, assumed),
    indicator,
    suggestions: [
      recordQtcSuggestion(snapshot.patientId, p, indicator, drafts, deps.terminology, assumed, now),
    ],
    source: {
      label: 'Twin CDS · drug-induced QTc twin',
      url: `${deps.publicUrl}/models/qtc`,
      topic,
    },
    links: [
      {
        label: 'Open the QTc twin: QTc over a dosing cycle, 90% band, readings and assumptions',
        url: pageUrl,
        type: 'absolute',
      },
    ],
  });
}

function detail(p: QtcPrediction, snapshot: PatientSnapshot, notes: string[]): string {
  const lines = [
    '| Prediction (median, 90% interval) | Value |',
    '|---|---|',
    `| Baseline QTc (Fridericia) | ${ms(p.baselineQtcMs)} |`,
    `| QTc at steady-state peak | ${ms(p.qtcMs)} |`,
    `| Rise from baseline | ${ms(p.deltaQtcMs)} |`,
    `| Chance QTc > 500 ms | **${percent(p.pQtcAbove500Ms)}** |`,
    `| Chance of a rise > 60 ms | ${percent(p.pDeltaQtcAbove60Ms)} |`,
    '',
    '| Drug | Regimen | QTc effect at its peak |',
    '|---|---|---|',
    ...p.drugs.map((d) => {
      const r = p.regimens.find((x) => x.drug === d.drug)!;
      return `| ${QT_DRUGS[d.drug].name} | ${clinicalRound(r.doseMg)} mg ${r.route} every ${clinicalRound(r.intervalH)} h (${r.status}) | ${ms(d.deltaQtcMs)} |`;
    }),
    '',
    `Thresholds: QTc above 500 ms or a rise above 60 ms (Drew BJ et al., AHA/ACCF scientific statement, Circulation 2010;121:1047–1060). Several drugs are added (an upper bound).`,
  ];
  if (p.potassiumDeltaQtcMs > 0.5)
    lines.push('', `Low potassium adds about ${Math.round(p.potassiumDeltaQtcMs)} ms.`);
  lines.push(
    '',
    `**Risk score** (Tisdale 2013): ${p.risk.tisdale.score} points, ${p.risk.tisdale.band} risk.`,
  );
  for (const w of p.risk.warnings) lines.push(`- ${md(w)}`);
  const ecgs = snapshot.measurements['qtc-interval']?.length ?? 0;
  lines.push(
    '',
    ecgs
      ? `Based on ${ecgs} recorded QTc reading(s).`
      : 'No QTc reading on record: the baseline is the population’s for this age and sex, so the interval is wide. An ECG would narrow it.',
  );
  if (notes.length) lines.push('', `**Assumed**: ${notes.map(md).join(' ')}`);
  return lines.join('\n');
}
