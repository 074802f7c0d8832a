// Subscribes to twin/+/vitals at QoS 1 with a persistent session (stable client id, clean session
// off), ingests each message, and only then lets MQTT.js acknowledge it (PUBACK after commit), so
// a crash or a store failure between receipt and commit means redelivery, not loss. Several
// replicas share the stream through an MQTT shared subscription ($share/<group>/twin/+/vitals).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../logger.js';
import type { TelemetryStore } from '../store/types.js';
import type { Terminology } from '../terminology/terminology.js';
import type { UnknownPatientPolicy } from './known-patients.js';
import { mqttTlsOptions, type MqttTlsFiles } from './mqtt-tls.js';
import type { DecodeOptions } from './reading-decoder.js';
import { VITALS_SUBSCRIPTION } from './topics.js';
import { createIngest } from './vitals-ingest.js';

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
  onIngested?: (stored: number, duplicates: number, deadLetters: number) => void;
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
  const ingest = createIngest(options, deps);
  const stats: IngestStats = { messages: 0, stored: 0, duplicates: 0, deadLetters: 0, failures: 0 };
  const firstDelay = options.retryDelayMs ?? 1000;
  let delay = firstDelay;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    stats.messages++;
    ingest(topic, payload).then(
      (result) => {
        stats.stored += result.stored;
        stats.duplicates += result.duplicates;
        stats.deadLetters += result.deadLetters;
        delay = firstDelay;
        deps.onIngested?.(result.stored, result.duplicates, result.deadLetters);
        done();
      },
      (error: unknown) => {
        // Not acknowledged: drop the connection so the broker redelivers once we are back, after a
        // growing pause so that a database outage does not become a reconnect storm.
        stats.failures++;
        log.error(
          { err: error, topic: redactTopic(topic), retryInMs: delay },
          'storing readings failed; message left unacknowledged',
        );
        const wait = delay;
        delay = Math.min(delay * 2, options.maxRetryDelayMs ?? 30_000);
        client.end(true, () => {
          if (closed) return;
          retryTimer = setTimeout(() => {
            if (!closed) client.reconnect();
          }, wait);
        });
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
      await client.endAsync();
    },
  };
}

/** Topics carry patient ids: log only the shape. */
const redactTopic = (topic: string): string => topic.replace(/^twin\/[^/]+\//, 'twin/{patientId}/');
