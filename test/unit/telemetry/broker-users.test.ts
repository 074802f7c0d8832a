// Embedded-broker users: scrypt hashes, the users file, and the topic rules per role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayPublish, maySubscribe } from '../../../src/telemetry/broker-access.js';
import {
  hashBrokerPassword,
  parseBrokerUsers,
  verifyBrokerPassword,
  type BrokerUser,
} from '../../../src/telemetry/broker-users.js';

test('a password verifies against its own hash only; hashes are salted', async () => {
  const hash = await hashBrokerPassword('correct horse');
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyBrokerPassword('correct horse', hash), true);
  assert.equal(await verifyBrokerPassword('correct horsf', hash), false);
  assert.notEqual(await hashBrokerPassword('correct horse'), hash);
  assert.equal(await verifyBrokerPassword('x', 'not-a-hash'), false);
});

test('the users file: roles, patients defaulting to the username, precise refusals', () => {
  const hash = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
  const users = parseBrokerUsers({
    users: [
      { username: 'twin_cds', passwordHash: hash, role: 'service' },
      { username: 'pat-1', passwordHash: hash, role: 'hub' },
      { username: 'gw_ward-7', passwordHash: hash, role: 'hub', patients: ['pat-101', 'pat-102'] },
    ],
  });
  assert.deepEqual(
    users.map((u) => [u.username, u.role, u.patients]),
    [
      ['twin_cds', 'service', []],
      ['pat-1', 'hub', ['pat-1']],
      ['gw_ward-7', 'hub', ['pat-101', 'pat-102']],
    ],
  );
  const refuses = (json: unknown, pattern: RegExp) => {
    assert.throws(() => parseBrokerUsers(json), pattern);
  };
  refuses([], /\{ "users"/);
  refuses({ users: [{ username: 'a', passwordHash: 'plain', role: 'hub' }] }, /scrypt/);
  refuses({ users: [{ username: 'a', passwordHash: hash, role: 'admin' }] }, /role/);
  refuses(
    { users: [{ username: 'a', passwordHash: hash, role: 'hub', patients: ['p/+'] }] },
    /FHIR ids/,
  );
  refuses(
    {
      users: [
        { username: 'a', passwordHash: hash, role: 'hub' },
        { username: 'a', passwordHash: hash, role: 'hub' },
      ],
    },
    /twice/,
  );
});

test('hubs publish vitals and read alerts of their patients; the service the reverse', () => {
  const hub: BrokerUser = {
    username: 'gw_1',
    passwordHash: '',
    role: 'hub',
    patients: ['p1', 'p2'],
  };
  const service: BrokerUser = {
    username: 'twin_cds',
    passwordHash: '',
    role: 'service',
    patients: [],
  };
  assert.equal(mayPublish(hub, 'twin/p1/vitals'), true);
  assert.equal(mayPublish(hub, 'twin/p3/vitals'), false);
  assert.equal(mayPublish(hub, 'twin/p1/alerts'), false);
  assert.equal(mayPublish(hub, 'twin/p1/vitals/extra'), false);
  assert.equal(maySubscribe(hub, 'twin/p2/alerts'), true);
  assert.equal(maySubscribe(hub, 'twin/+/alerts'), false);
  assert.equal(maySubscribe(hub, 'twin/p1/vitals'), false);
  assert.equal(maySubscribe(hub, '#'), false);
  assert.equal(mayPublish(service, 'twin/p1/alerts'), true);
  assert.equal(mayPublish(service, 'twin/p1/vitals'), false, 'the service cannot forge readings');
  assert.equal(maySubscribe(service, 'twin/+/vitals'), true);
  assert.equal(maySubscribe(service, '$share/twin-cds/twin/+/vitals'), true);
  assert.equal(maySubscribe(service, '#'), false);
});
