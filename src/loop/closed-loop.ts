// The telemonitoring closed loop: after readings commit, each affected patient's rules are
// re-evaluated from the latest stored readings (debounced per patient, one evaluation at a time,
// so a CGM stream costs one twin fit per window, not one per reading). A risk at or above its
// threshold opens an alert once — stored (one open per patient and rule, even across replicas),
// recorded as a FHIR DetectedIssue where FHIR_WRITE_URL is set, and published on
// twin/{patientId}/alerts; it is not raised again while open. It is resolved once the risk falls
// below CLEAR_FRACTION × threshold (hysteresis, so a risk hovering at the threshold does not
// flap), and the resolution is published on the same topic (status 'resolved', naming the alert). Logs name the rule and outcome, never the patient.
import type { Logger } from '../logger.js';
import type { StoredAlert, TelemetryStore, VitalReading } from '../store/types.js';
import { newAlertId, type TwinAlert } from '../telemetry/alert-publisher.js';
import { severityOf } from '../decide/adverse-severity.js';
import { alertIssue, postDetectedIssue, type FhirWriteTarget } from './detected-issue.js';
import type { LoopRule, RiskAssessment } from './rules.js';

/** An open alert is resolved below this fraction of its threshold (ours). */
export const CLEAR_FRACTION = 0.75;

export interface ClosedLoopOptions {
  rules: readonly { rule: LoopRule; threshold: number }[];
  /** A patient's readings are gathered this long before its rules run. */
  debounceMs: number;
  /** Links in alerts without a DetectedIssue point to the model card here. */
  publicUrl: string;
  fhirWrite?: FhirWriteTarget | undefined;
  now?: () => Date;
}

export interface ClosedLoopDeps {
  store: TelemetryStore;
  logger: Logger;
  publish: (alert: TwinAlert) => Promise<void>;
}

export interface ClosedLoop {
  /** The subscriber's onCommitted: schedules the patients these readings concern. */
  onCommitted(readings: readonly VitalReading[]): void;
  /** Resolves once nothing is scheduled or running (tests, shutdown). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export function createClosedLoop(options: ClosedLoopOptions, deps: ClosedLoopDeps): ClosedLoop {
  const log = deps.logger.child({ component: 'closed-loop' });
  const now = options.now ?? (() => new Date());
  const pending = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const run = async (patientId: string, quantities: Set<string>) => {
    for (const { rule, threshold } of options.rules) {
      if (stopped || !rule.quantities.some((q) => quantities.has(q))) continue;
      try {
        const assessment = await rule.evaluate(deps.store, patientId, now());
        if (assessment) await act(patientId, rule, threshold, assessment);
      } catch (error) {
        // The error's name only: model input errors quote the values they refused.
        log.error(
          { rule: rule.id, error: error instanceof Error ? error.name : 'unknown' },
          'closed-loop rule failed; no alert change',
        );
      }
    }
  };

  const act = async (
    patientId: string,
    rule: LoopRule,
    threshold: number,
    assessment: RiskAssessment,
  ) => {
    if (assessment.probability < threshold * CLEAR_FRACTION) {
      await resolve(patientId, rule, assessment);
      return;
    }
    if (assessment.probability < threshold) return;
    const stored: StoredAlert = {
      id: newAlertId(),
      patientId,
      rule: rule.id,
      kind: rule.kind,
      severity: severityOf(assessment.probability),
      probability: assessment.probability,
      probabilityLow: assessment.interval90.low,
      probabilityHigh: assessment.interval90.high,
      message: assessment.message.slice(0, 1000),
      modelId: rule.model.id,
      modelVersion: rule.model.version,
      raisedAt: now().toISOString(),
    };
    if (!(await deps.store.openAlert(stored))) return; // already open: no repeat
    const link =
      (await recordIssue(stored, rule)) ?? `${options.publicUrl}/models/${rule.model.id}`;
    await deps.publish({
      id: stored.id,
      patientId,
      kind: rule.kind,
      severity: severityOf(assessment.probability),
      probability: { value: stored.probability, interval90: assessment.interval90 },
      message: stored.message,
      time: stored.raisedAt,
      model: rule.model,
      link,
    });
    log.info({ rule: rule.id, severity: stored.severity }, 'alert raised and published');
  };

  /** Closes the rule's open alert and tells subscribers, naming the alert it resolves; the
   * replica whose update closed it is the one that publishes. */
  const resolve = async (patientId: string, rule: LoopRule, assessment: RiskAssessment) => {
    const open = (await deps.store.openAlerts(patientId)).find((a) => a.rule === rule.id);
    if (!open) return;
    const time = now().toISOString();
    if ((await deps.store.resolveAlert(patientId, rule.id, time)) === 0) return;
    await deps.publish({
      id: newAlertId(),
      status: 'resolved',
      resolves: open.id,
      patientId,
      kind: rule.kind,
      severity: 'info',
      probability: { value: assessment.probability, interval90: assessment.interval90 },
      message: `Resolved (alert of ${open.raisedAt}): ${assessment.message}`.slice(0, 1000),
      time,
      model: rule.model,
      link: open.detectedIssue ?? `${options.publicUrl}/models/${rule.model.id}`,
    });
    log.info({ rule: rule.id }, 'alert resolved and published: risk fell below threshold');
  };

  const recordIssue = async (alert: StoredAlert, rule: LoopRule) => {
    const issue = options.fhirWrite ? alertIssue(alert, rule) : undefined;
    if (!options.fhirWrite || !issue) return undefined;
    try {
      const url = await postDetectedIssue(options.fhirWrite, issue);
      await deps.store.setAlertIssue(alert.id, url);
      return url;
    } catch (error) {
      log.warn(
        { err: error, rule: rule.id },
        'DetectedIssue not recorded; alert published without it',
      );
      return undefined;
    }
  };

  const fire = (patientId: string) => {
    timers.delete(patientId);
    const quantities = pending.get(patientId) ?? new Set<string>();
    pending.delete(patientId);
    chain = chain.then(() => run(patientId, quantities));
  };

  return {
    onCommitted(readings) {
      if (stopped) return;
      for (const r of readings) {
        const set = pending.get(r.patientId) ?? new Set<string>();
        set.add(r.quantity);
        pending.set(r.patientId, set);
        if (!timers.has(r.patientId))
          timers.set(
            r.patientId,
            setTimeout(() => {
              fire(r.patientId);
            }, options.debounceMs),
          );
      }
    },
    async settle() {
      while (timers.size > 0 || pending.size > 0) {
        for (const patientId of [...timers.keys()]) {
          clearTimeout(timers.get(patientId));
          fire(patientId);
        }
        await chain;
      }
      await chain;
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      pending.clear();
      await chain;
    },
  };
}
