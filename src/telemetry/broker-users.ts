// Users of the embedded broker (MQTT_BROKER_USERS_FILE): who may connect, with scrypt-hashed
// passwords, and what each may do. A `service` user may subscribe to every patient's vitals and
// publish alerts; a `hub` user may publish vitals and read alerts only for its listed patients
// (default: the patient whose id is its username — one credential per enrolled patient).
import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

export type BrokerRole = 'service' | 'hub';

export interface BrokerUser {
  username: string;
  /** `scrypt$N$r$p$<salt base64>$<hash base64>` (hashBrokerPassword). */
  passwordHash: string;
  role: BrokerRole;
  /** For hubs: the patients whose topics this hub may use. */
  patients: string[];
}

export class BrokerUsersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerUsersError';
  }
}

const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;
const HASH_FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => {
    scryptCallback(password, salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });

export async function hashBrokerPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const hash = await scrypt(password, salt, keyLength, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyBrokerPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(m[5]!, 'base64');
  const actual = await scrypt(password, Buffer.from(m[4]!, 'base64'), expected.length, {
    N,
    r,
    p,
    maxmem: 256 * N * r + 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function parseUser(entry: unknown, where: string): BrokerUser {
  if (typeof entry !== 'object' || entry === null)
    throw new BrokerUsersError(`${where} must be an object`);
  const e = entry as Record<string, unknown>;
  if (typeof e.username !== 'string' || e.username === '')
    throw new BrokerUsersError(`${where}.username must be a non-empty string`);
  if (typeof e.passwordHash !== 'string' || !HASH_FORMAT.test(e.passwordHash))
    throw new BrokerUsersError(
      `${where}.passwordHash must be a scrypt$… hash (see docs/telemetry.md: hash-broker-password)`,
    );
  if (e.role !== 'service' && e.role !== 'hub')
    throw new BrokerUsersError(`${where}.role must be "service" or "hub"`);
  const patients = e.patients ?? (e.role === 'hub' ? [e.username] : []);
  if (!Array.isArray(patients) || !patients.every((p) => typeof p === 'string' && FHIR_ID.test(p)))
    throw new BrokerUsersError(`${where}.patients must be an array of FHIR ids`);
  return {
    username: e.username,
    passwordHash: e.passwordHash,
    role: e.role,
    patients: patients as string[],
  };
}

export function parseBrokerUsers(json: unknown, source = 'MQTT_BROKER_USERS_FILE'): BrokerUser[] {
  const list = (json as { users?: unknown } | null)?.users;
  if (!Array.isArray(list)) throw new BrokerUsersError(`${source} must hold { "users": [ … ] }`);
  const users = list.map((entry, i) => parseUser(entry, `${source}.users[${i}]`));
  const names = new Set<string>();
  for (const u of users) {
    if (names.has(u.username))
      throw new BrokerUsersError(`${source}: user ${u.username} is listed twice`);
    names.add(u.username);
  }
  return users;
}

export function readBrokerUsers(path: string): BrokerUser[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BrokerUsersError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseBrokerUsers(json, path);
}
