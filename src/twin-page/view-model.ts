// What a twin page shows: plain data, built by each model's card code and rendered by
// render-page.ts. Holds no identifiers beyond what the clinician already sees in the EHR.

export interface Band90 {
  p05: number;
  p50: number;
  p95: number;
}

export interface ChartSeries {
  /** Hours relative to `origin` (negative = past). */
  t: number[];
  p05: number[];
  p50: number[];
  p95: number[];
}

export interface TwinChart {
  title: string;
  yLabel: string;
  unit: string;
  /** The instant t = 0 stands for (ISO 8601). */
  origin: string;
  band: ChartSeries;
  /** A shaded range; its label says what it is (a therapeutic target, or a safety threshold). */
  target?: { low: number; high: number; label: string };
  observations: { t: number; value: number; label: string }[];
  events: { t: number; label: string }[];
  /** Title of the time axis; default 'Hours from now'. */
  xLabel?: string;
  /** Lower end of the value axis; default 0 (or the lowest value below 0). A quantity far from 0,
   * such as QTc (≈ 400 ms), is unreadable on an axis from 0. */
  yFrom?: number;
}

export interface TwinView {
  title: string;
  model: { id: string; name: string; version: string; docsUrl: string; citation: string };
  generatedAt: string;
  summary: string;
  /** The first chart carries the target; each has its own title and text alternative. */
  charts: TwinChart[];
  /** Columns of the predictions table, e.g. ["Ordered: 1500 mg every 12 h", "Suggested: …"]. */
  scenarios: string[];
  predictions: { label: string; unit: string; bands: Band90[] }[];
  probabilities: { label: string; values: number[] }[];
  parameters: { name: string; unit: string; prior: Band90; posterior: Band90 }[];
  personalisation: string;
  dataUsed: string[];
  assumptions: string[];
  /** Why a fast path (surrogate) was not used, when it was not. */
  notes: string[];
  /** The type of the card that links here (its source.topic), for the feedback on such cards. */
  cardType?: { code: string; display: string };
}

/** A page that lists several things (the open alerts, the active twins) rather than one twin's
 * trajectory: one section per item, each a table of label → value and its links. */
export interface ListView {
  kind: 'list';
  title: string;
  generatedAt: string;
  summary: string;
  /** The caption of every item's table, e.g. "What the alert says". */
  itemCaption: string;
  items: {
    heading: string;
    rows: { label: string; value: string }[];
    links: { label: string; url: string }[];
  }[];
  /** Shown in place of the items when there are none. */
  empty: string;
  notes: string[];
  /** The type of the card that links here (its source.topic), for the feedback on such cards. */
  cardType?: { code: string; display: string };
}

/** Anything a card's link can open. */
export type PageView = TwinView | ListView;
