// Subscribes to twin/+/vitals at QoS 1 with a persistent session, decodes each message, stores
// readings and dead letters, and only then lets MQTT.js acknowledge it (PUBACK after commit), so a
// crash between receipt and commit means redelivery, not loss.
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../logger.js';
import type { TelemetryStore } from '../store/types.js';
import type { Terminology } from '../terminology/terminology.js';
import { decodeVitalsMessage, DECODE_DEFAULTS, type DecodeOptions } from './reading-decoder.js';
import { VITALS_SUBSCRIPTION } from './topics.js';

export interface VitalsSubscriberOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  /** MQTT 5 shared subscription group for scale-out; undefined = plain subscription. */
  shareGroup?: string | undefined;
  decode?: DecodeOptions;
}

export interface VitalsSubscriber {
  client: MqttClient;
  close(): Promise<void>;
}

export interface IngestCounters {
  onIngested?: (stored: number, duplicates: number, deadLetters: number) => void;
}

export async function startVitalsSubscriber(
  options: VitalsSubscriberOptions,
  deps: { store: TelemetryStore; terminology: Terminology; logger: Logger } & IngestCounters,
): Promise<VitalsSubscriber> {
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    // MQTT 3.1.1: aedes speaks nothing newer, and Mosquitto/EMQX/HiveMQ accept $share with it.
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  });
  const log = deps.logger.child({ component: 'vitals-subscriber' });

  client.handleMessage = (packet, done) => {
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    ingest(topic, payload, options.decode ?? DECODE_DEFAULTS, deps)
      .then(() => {
        done();
      })
      .catch((error: unknown) => {
        // Not acknowledged: the broker redelivers after reconnect. Close the connection so it does.
        log.error(
          { err: error, topic: redactTopic(topic) },
          'storing readings failed; message left unacknowledged',
        );
        client.end(true, () => client.reconnect());
      });
  };

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      resolve();
    });
    client.once('error', reject);
  });
  const topic = options.shareGroup
    ? `$share/${options.shareGroup}/${VITALS_SUBSCRIPTION}`
    : VITALS_SUBSCRIPTION;
  await client.subscribeAsync(topic, { qos: 1 });
  client.on('connect', () => {
    log.info('reconnected to broker');
  });
  client.on('error', (error) => {
    log.warn({ err: error }, 'MQTT client error');
  });
  log.info({ topic }, 'subscribed to vitals');
  return { client, close: () => client.endAsync() };
}

async function ingest(
  topic: string,
  payload: Buffer,
  decode: DecodeOptions,
  deps: { store: TelemetryStore; terminology: Terminology; logger: Logger } & IngestCounters,
): Promise<void> {
  const decoded = decodeVitalsMessage(topic, payload, deps.terminology, decode);
  const saved =
    decoded.readings.length > 0
      ? await deps.store.saveReadings(decoded.readings)
      : { inserted: 0, duplicates: 0 };
  if (decoded.deadLetters.length > 0) await deps.store.saveDeadLetters(decoded.deadLetters);
  deps.onIngested?.(saved.inserted, saved.duplicates, decoded.deadLetters.length);
  if (decoded.deadLetters.length > 0) {
    deps.logger.warn(
      { count: decoded.deadLetters.length },
      'vitals readings dead-lettered (reasons are in the dead-letter store, not in logs: they may hold values)',
    );
  }
}

/** Topics carry patient ids: log only the shape. */
const redactTopic = (topic: string): string => topic.replace(/^twin\/[^/]+\//, 'twin/{patientId}/');
