// Subscribes to twin/+/vitals at QoS 1 with a persistent session (stable client id, clean session
// off), ingests each message, and only then lets MQTT.js acknowledge it (PUBACK after commit), so
// a crash or a store failure between receipt and commit means redelivery, not loss. Several
// replicas share the stream through an MQTT shared subscription ($share/<group>/twin/+/vitals).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../logger.js';
import type { TelemetryStore, VitalReading } from '../store/types.js';
import type { Terminology } from '../terminology/terminology.js';
import type { UnknownPatientPolicy } from './known-patients.js';
import { mqttTlsOptions, type MqttTlsFiles } from './mqtt-tls.js';
import type { DecodeOptions } from './reading-decoder.js';
import { VITALS_SUBSCRIPTION } from './topics.js';
import { createCommitPipeline, PIPELINE_DEFAULTS } from './commit-pipeline.js';
import { commitPrepared, createPrepare } from './vitals-ingest.js';

export interface VitalsSubscriberOptions {
  url: string;
  /** Stable per replica: the broker keeps this id's session (and queued readings) across restarts. */
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Shared subscription group for scale-out; undefined = plain subscription. */
  shareGroup?: string | undefined;
  tls?: MqttTlsFiles | undefined;
  decode?: DecodeOptions | undefined;
  unknownPatients?: UnknownPatientPolicy | undefined;
  /** First wait before reconnecting after a store failure; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
  /** Messages received but not yet committed, at most (PIPELINE_DEFAULTS.maxInFlight). */
  maxInFlight?: number | undefined;
}

export interface IngestStats {
  messages: number;
  stored: number;
  duplicates: number;
  deadLetters: number;
  /** Messages left unacknowledged because the store failed. */
  failures: number;
}

export interface VitalsSubscriber {
  client: MqttClient;
  /** The filter actually subscribed (with the $share prefix when shared). */
  topic: string;
  stats: Readonly<IngestStats>;
  close(): Promise<void>;
}

export interface IngestCounters {
  /** Once per message, after its batch committed. */
  onIngested?: (stored: number, duplicates: number, deadLetters: number) => void;
  /** Once per committed batch, with the readings it held (the closed loop listens here). */
  onCommitted?: (readings: readonly VitalReading[]) => void;
}

type SubscriberDeps = {
  store: TelemetryStore;
  terminology: Terminology;
  logger: Logger;
} & IngestCounters;

function connectOptions(options: VitalsSubscriberOptions): IClientOptions {
  return {
    clientId: options.clientId,
    // MQTT 3.1.1: aedes speaks nothing newer, and Mosquitto/EMQX/HiveMQ accept $share with it.
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(options.tls ? mqttTlsOptions(options.tls) : {}),
  };
}

export async function startVitalsSubscriber(
  options: VitalsSubscriberOptions,
  deps: SubscriberDeps,
): Promise<VitalsSubscriber> {
  const client = mqtt.connect(options.url, connectOptions(options));
  const log = deps.logger.child({ component: 'vitals-subscriber' });
  const prepare = createPrepare(options, deps);
  const stats: IngestStats = { messages: 0, stored: 0, duplicates: 0, deadLetters: 0, failures: 0 };
  const firstDelay = options.retryDelayMs ?? 1000;
  let delay = firstDelay;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  /** Counts connections: an acknowledgement owed to an earlier connection is not sent. */
  let generation = 0;

  const failed = (error: unknown, dropped: number) => {
    // Not acknowledged: drop the connection so the broker redelivers once we are back, after a
    // growing pause so that a database outage does not become a reconnect storm.
    stats.failures += dropped;
    generation++;
    log.error(
      { err: error, messages: dropped, retryInMs: delay },
      'storing readings failed; messages left unacknowledged',
    );
    const wait = delay;
    delay = Math.min(delay * 2, options.maxRetryDelayMs ?? 30_000);
    client.end(true, () => {
      if (closed) return;
      retryTimer = setTimeout(() => {
        if (!closed) client.reconnect();
      }, wait);
    });
  };
  const pipeline = createCommitPipeline({
    maxInFlight: options.maxInFlight ?? PIPELINE_DEFAULTS.maxInFlight,
    maxBatch: PIPELINE_DEFAULTS.maxBatch,
    commit: (batch) => commitPrepared(batch, deps),
    onCommitted: (entries, results) => {
      delay = firstDelay;
      for (const result of results) {
        stats.stored += result.stored;
        stats.duplicates += result.duplicates;
        stats.deadLetters += result.deadLetters;
        deps.onIngested?.(result.stored, result.duplicates, result.deadLetters);
      }
      deps.onCommitted?.(entries.flatMap((e) => e.prepared.readings));
    },
    onFailed: failed,
  });
  client.on('connect', () => {
    generation++;
  });

  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    stats.messages++;
    const ack = acknowledger(client, packet.messageId, generation, () => generation);
    prepare(topic, payload)
      .then((prepared) => pipeline.add({ prepared, ack }))
      .then(
        // MQTT.js moves on to the next message without sending a PUBACK: the pipeline sends it.
        () => {
          done(DEFERRED);
        },
        (error: unknown) => {
          failed(error, 1);
          done(DEFERRED);
        },
      );
  };

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      resolve();
    });
    client.once('error', (error) => {
      // Refused (credentials, TLS): give up rather than retry forever behind the caller's back.
      client.end(true);
      reject(error);
    });
  });
  const topic = options.shareGroup
    ? `$share/${options.shareGroup}/${VITALS_SUBSCRIPTION}`
    : VITALS_SUBSCRIPTION;
  const granted = await client.subscribeAsync(topic, { qos: 1 });
  if (granted.some((g) => g.qos !== 1))
    throw new Error(`broker refused the QoS 1 subscription to ${topic} (check the ACL)`);
  client.on('connect', () => {
    log.info('reconnected to broker');
  });
  client.on('error', (error) => {
    log.warn({ err: error }, 'MQTT client error');
  });
  log.info(
    { topic: topic.replace(/^\$share\/[^/]+\//, '$share/{group}/') },
    'subscribed to vitals',
  );
  return {
    client,
    topic,
    stats,
    close: async () => {
      closed = true;
      clearTimeout(retryTimer);
      await pipeline.drain();
      await client.endAsync();
      // Messages read just before the end commit now; their acknowledgement is lost with the
      // connection, so the broker redelivers them and the store keeps them once.
      await pipeline.drain();
    },
  };
}

/**
 * Passed to MQTT.js's message callback so it goes on to the next message without acknowledging
 * this one (its publish handler skips the PUBACK when the callback gets an error, MQTT.js 5); the
 * pipeline acknowledges after commit. test/integration/mqtt-durability.test.ts fails if that
 * behaviour changes (readings would be acknowledged twice, or never).
 */
const DEFERRED = new Error('acknowledged after commit');

interface PacketSender {
  _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb: () => void): void;
}

/** The PUBACK for one message, sent only on the connection that delivered it. */
function acknowledger(
  client: MqttClient,
  messageId: number | undefined,
  received: number,
  current: () => number,
): () => void {
  return () => {
    if (messageId === undefined || current() !== received) return; // QoS 0, or redelivered later
    (client as unknown as PacketSender)._sendPacket({ cmd: 'puback', messageId }, () => undefined);
  };
}
