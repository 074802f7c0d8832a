// The Prometheus metrics of Twin CDS (prom-client), on a registry of their own. Labels are ids from
// closed sets (service ids, card indicators, outcomes, dead-letter codes, model ids): never patient
// data and never free text. docs/operations.md lists every metric.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { setModelEventSink } from './model-events.js';

/** What the MQTT gauges read at scrape time (the live subscriber). */
export interface MqttProbe {
  connected(): boolean;
  inFlight(): number;
  /** Messages left unacknowledged because the store failed, since start. */
  failures(): number;
}

export interface Metrics {
  registry: Registry;
  /** Hook calls by service and HTTP status, seconds from request to response. */
  hookDuration: Histogram<'service' | 'status'>;
  /** Hook calls answered with no cards because HOOK_DEADLINE_MS passed. */
  hookDeadlines: Counter<'service'>;
  cards: Counter<'service' | 'indicator'>;
  /** Feedback stored, by service, card type (topic), outcome and override reason code. */
  feedback: Counter<'service' | 'topic' | 'outcome' | 'reason'>;
  httpRequests: Counter<'route' | 'status'>;
  rateLimited: Counter;
  /** MQTT messages handled: `ingested` (committed, then acknowledged) or `failed` (store error). */
  mqttMessages: Counter<'outcome'>;
  /** Readings by outcome: stored, duplicate, dead-letter. */
  mqttReadings: Counter<'outcome'>;
  /** receivedAt − effectiveTime of each reading stored. */
  mqttLag: Histogram;
  deadLetters: Counter<'code'>;
  modelFit: Histogram<'model' | 'path'>;
  surrogateFallbacks: Counter<'model' | 'reason'>;
  /** Card computations answered from a plan cache or computed, by plan. */
  planCache: Counter<'plan' | 'result'>;
  /** Installs the probe the MQTT gauges read. */
  observeMqtt(probe: MqttProbe): void;
}

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, event-loop lag, GC): once per process. */
  processMetrics?: boolean;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
const LAG_SECONDS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 24 * 3600];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  let probe: MqttProbe | undefined;
  new Gauge({
    name: 'twin_mqtt_connected',
    help: '1 while the vitals subscriber is connected to the broker.',
    registers,
    collect() {
      if (probe) this.set(probe.connected() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'twin_mqtt_ingest_in_flight',
    help: 'MQTT messages received and not yet committed (or failed).',
    registers,
    collect() {
      if (probe) this.set(probe.inFlight());
    },
  });
  return {
    registry,
    ...hookMetrics(registers),
    ...telemetryMetrics(registers, () => probe),
    modelFit: new Histogram({
      name: 'twin_model_fit_seconds',
      help: "Time to individualise one patient's model, seconds, by path (full fit, sequential update, cached).",
      labelNames: ['model', 'path'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    surrogateFallbacks: new Counter({
      name: 'twin_surrogate_fallbacks_total',
      help: 'Surrogate predictions not used (the mechanistic model answered), by model and reason.',
      labelNames: ['model', 'reason'],
      registers,
    }),
    planCache: new Counter({
      name: 'twin_plan_cache_total',
      help: 'Card computations answered from the plan cache (hit) or computed (miss), by plan.',
      labelNames: ['plan', 'result'],
      registers,
    }),
    observeMqtt(next) {
      probe = next;
    },
  };
}

function hookMetrics(registers: Registry[]) {
  return {
    hookDuration: new Histogram({
      name: 'twin_hook_duration_seconds',
      help: 'CDS Hooks service calls, seconds from request to response, by service and HTTP status.',
      labelNames: ['service', 'status'] as const,
      buckets: SECONDS,
      registers,
    }),
    hookDeadlines: new Counter({
      name: 'twin_hook_deadline_exceeded_total',
      help: 'Hook calls answered with no cards because HOOK_DEADLINE_MS passed.',
      labelNames: ['service'] as const,
      registers,
    }),
    cards: new Counter({
      name: 'twin_cards_total',
      help: 'Cards returned, by service and indicator.',
      labelNames: ['service', 'indicator'] as const,
      registers,
    }),
    feedback: new Counter({
      name: 'twin_feedback_total',
      help: 'Card feedback stored, by service, card type (topic code), outcome (accepted, overridden) and override reason code (none, other).',
      labelNames: ['service', 'topic', 'outcome', 'reason'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'twin_http_requests_total',
      help: 'HTTP requests by route family and status (401s show untrusted callers).',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'twin_rate_limited_total',
      help: 'Requests refused with 429 by the per-client rate limit.',
      registers,
    }),
  };
}

function telemetryMetrics(registers: Registry[], probe: () => MqttProbe | undefined) {
  let failuresSeen = 0;
  return {
    mqttMessages: new Counter({
      name: 'twin_mqtt_messages_total',
      help: 'MQTT vitals messages handled: ingested (committed, acknowledged) or failed (store error, redelivered later).',
      labelNames: ['outcome'] as const,
      registers,
      collect() {
        // Failures are counted by the subscriber itself: catch up at scrape time.
        const failures = probe()?.failures() ?? failuresSeen;
        if (failures > failuresSeen) this.inc({ outcome: 'failed' }, failures - failuresSeen);
        failuresSeen = Math.max(failuresSeen, failures);
      },
    }),
    mqttReadings: new Counter({
      name: 'twin_mqtt_readings_total',
      help: 'Vitals readings by outcome: stored, duplicate, dead-letter.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    mqttLag: new Histogram({
      name: 'twin_mqtt_ingest_lag_seconds',
      help: "Reading lag: time received by the service minus the reading's effective time, seconds.",
      buckets: LAG_SECONDS,
      registers,
    }),
    deadLetters: new Counter({
      name: 'twin_mqtt_dead_letters_total',
      help: 'Readings or messages dead-lettered, by reason code.',
      labelNames: ['code'] as const,
      registers,
    }),
  };
}

let processWide: Metrics | undefined;

/**
 * The process's metrics: created once, with the Node.js process metrics, and the sink for
 * recordFit / recordSurrogateFallback (model-events.ts). startService and createApp use these.
 */
export function processMetrics(): Metrics {
  if (!processWide) {
    const metrics = createMetrics({ processMetrics: true });
    setModelEventSink({
      fit: (model, seconds, path) => metrics.modelFit.observe({ model, path }, seconds),
      surrogateFallback: (model, reason) => metrics.surrogateFallbacks.inc({ model, reason }),
      planCache: (plan, result) => metrics.planCache.inc({ plan, result }),
    });
    processWide = metrics;
  }
  return processWide;
}
