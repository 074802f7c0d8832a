// Authentication and topic authorisation for the embedded broker, from its users file: the same
// rules docker/mosquitto/acl.example gives Mosquitto. Hubs publish vitals and read alerts for
// their own patients only; the service reads every patient's vitals and publishes alerts.
import type { AedesOptions } from 'aedes';
import type { BrokerUser } from './broker-users.js';
import { hashBrokerPassword, verifyBrokerPassword } from './broker-users.js';

const VITALS = /^twin\/([^/]+)\/vitals$/;
const ALERTS = /^twin\/([^/]+)\/alerts$/;
const SERVICE_FILTERS = /^(\$share\/[^/+#]+\/)?twin\/\+\/(vitals|alerts)$/;

export function mayPublish(user: BrokerUser, topic: string): boolean {
  if (user.role === 'service') return ALERTS.test(topic);
  const patient = VITALS.exec(topic)?.[1];
  return patient !== undefined && user.patients.includes(patient);
}

export function maySubscribe(user: BrokerUser, filter: string): boolean {
  if (user.role === 'service')
    return SERVICE_FILTERS.test(filter) || ALERTS.test(filter) || VITALS.test(filter);
  const patient = ALERTS.exec(filter)?.[1];
  return patient !== undefined && user.patients.includes(patient);
}

type AccessHandlers = Required<
  Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>
>;

const authError = (returnCode: 4 | 5, message: string) =>
  Object.assign(new Error(message), { returnCode });

/** aedes handlers enforcing `users`; the authenticated user is remembered per client. */
export async function brokerAccess(users: readonly BrokerUser[]): Promise<AccessHandlers> {
  const byName = new Map(users.map((u) => [u.username, u]));
  const sessions = new WeakMap<object, BrokerUser>();
  // Unknown usernames still cost one scrypt, so timing does not reveal which names exist.
  const decoy = await hashBrokerPassword('decoy');
  return {
    authenticate(client, username, password, done) {
      const user = username === undefined ? undefined : byName.get(username);
      verifyBrokerPassword(password?.toString('utf8') ?? '', user?.passwordHash ?? decoy).then(
        (ok) => {
          if (!user || !ok) {
            done(authError(4, 'bad username or password'), false);
            return;
          }
          sessions.set(client, user);
          done(null, true);
        },
        () => {
          done(authError(4, 'bad username or password'), false);
        },
      );
    },
    authorizePublish(client, packet, done) {
      const user = client ? sessions.get(client) : undefined;
      // aedes closes the connection of a client whose publish is refused (MQTT-3.3.5-2).
      done(user && mayPublish(user, packet.topic) ? null : new Error('publish not authorised'));
    },
    authorizeSubscribe(client, subscription, done) {
      const user = sessions.get(client);
      // A null subscription is a refused one: SUBACK 0x80 for that filter, the connection stays.
      done(null, user && maySubscribe(user, subscription.topic) ? subscription : null);
    },
  };
}
