// The embedded MQTT broker (aedes) used when MQTT_URL names no external broker. In-memory
// persistence: sessions with clean session off keep their QoS 1 messages while the subscriber is
// away, for as long as this process runs. No shared subscriptions ($share): scale-out needs an
// external broker. With `users` (MQTT_BROKER_USERS_FILE) every client must log in.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import { brokerAccess } from './broker-access.js';
import type { BrokerUser } from './broker-users.js';

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  /** When set, clients must authenticate as one of these users and stay within their topics. */
  users?: readonly BrokerUser[] | undefined;
  /** PEM key and certificate: the broker then speaks MQTT over TLS (mqtts://). */
  tls?: { key: Buffer; cert: Buffer } | undefined;
}

export async function startEmbeddedBroker(
  port: number,
  host = '127.0.0.1',
  options: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker(options.users ? await brokerAccess(options.users) : {});
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, broker.handle)
    : createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://${urlHost}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => {
          server.close(() => {
            resolve();
          });
        });
      }),
  };
}
