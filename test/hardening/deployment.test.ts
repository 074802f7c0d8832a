// Static checks of the deployment files (Docker does not run here): the Dockerfile builds in a
// toolchain stage and runs from a small non-root stage with a healthcheck, and copies every data
// folder the code opens; .dockerignore keeps secrets and local state out of the build context;
// compose.yaml has its services, pinned images, healthchecks, and an environment whose names are
// exactly the variables the service reads; the entrypoint turns NAME_FILE secrets into NAME.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compose,
  configVariables,
  dataFolders,
  dockerfile,
  read,
  ROOT,
} from './deployment-files.js';

const PINNED = /^[\w./-]+:(?!latest$)[\w.-]*\d[\w.-]*(@sha256:[0-9a-f]{64})?$/;
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');

/** NAME for which the entrypoint accepts NAME_FILE. */
const fileSecrets = () =>
  (/for name in ([A-Z_ ]+); do/.exec(read('docker/entrypoint.sh'))?.[1] ?? '').trim().split(/\s+/);

describe('docker/Dockerfile', () => {
  const { args, stages } = dockerfile(read('docker/Dockerfile'));
  const [build, runtime] = stages;
  const runs = (stage: typeof build) =>
    (stage?.instructions ?? []).filter((i) => i.keyword === 'RUN').map((i) => i.args);

  test('two stages on a pinned node:20 bookworm-slim image', () => {
    assert.equal(stages.length, 2);
    assert.deepEqual(
      stages.map((s) => s.name),
      ['build', 'runtime'],
    );
    for (const s of stages) assert.equal(s.from, '${NODE_IMAGE}');
    assert.match(
      args.get('NODE_IMAGE') ?? '',
      /^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/,
    );
  });

  test('build stage: toolchain for better-sqlite3, npm ci, npm run build, npm prune --omit=dev', () => {
    const all = runs(build).join('\n');
    for (const step of ['python3 make g++', 'npm ci', 'npm run build', 'npm prune --omit=dev'])
      assert.ok(all.includes(step), `build stage runs ${step}`);
    assert.ok(all.indexOf('npm run build') < all.indexOf('npm prune --omit=dev'));
  });

  test('runtime stage: no toolchain or installs, non-root user, healthcheck, websocket flag', () => {
    assert.deepEqual(
      runs(runtime).filter((r) => /apt-get|npm (ci|install)/.test(r)),
      [],
    );
    const user = runtime!.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `runs as ${String(user)}`);
    const health = runtime!.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    assert.match(health, /CMD \["node", "-e", .*\/healthz/);
    const env = runtime!.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    assert.match(env, /NODE_OPTIONS=--experimental-websocket/);
    const cmd = runtime!.instructions.find((i) => i.keyword === 'CMD')?.args;
    assert.equal(cmd, '["node", "src/main.js"]');
  });

  test('the compiled layout matches tsconfig.build.json (dist/src) and every data folder is copied', () => {
    const tsconfig = JSON.parse(read('tsconfig.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    assert.deepEqual(
      [tsconfig.compilerOptions.outDir, tsconfig.compilerOptions.rootDir],
      ['dist', '.'],
    );
    const all = runs(build).join('\n');
    assert.ok(all.includes('cp -r dist/src /out/src'));
    assert.ok(all.includes('src/twin/models/*/README.md'), 'model READMEs for GET /models/{id}');
    const copied = (
      build!.instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('DATA_DIRS='))
        ?.args ?? ''
    )
      .replace(/^DATA_DIRS="|"$/g, '')
      .split(' ');
    for (const folder of dataFolders())
      assert.ok(copied.includes(folder), `data folder ${folder}/ is copied`);
  });
});

describe('.dockerignore', () => {
  test('keeps dependencies, build output, local data, secrets and VCS out of the context', () => {
    const ignored = new Set(
      read('.dockerignore')
        .split('\n')
        .map((l) => l.trim()),
    );
    for (const entry of [
      '.git',
      'node_modules',
      'dist',
      'data',
      '.env',
      'docker/.env',
      'docker/secrets',
      'test-artifacts',
    ])
      assert.ok(ignored.has(entry), `${entry} is ignored`);
  });
});

describe('docker/compose.yaml', () => {
  const c = compose();
  const service = c.services['twin-cds']!;
  const env = service.environment ?? {};

  test('the service, Mosquitto, PostgreSQL and a FHIR server, each image pinned', () => {
    assert.deepEqual(Object.keys(c.services).sort(), ['fhir', 'mosquitto', 'postgres', 'twin-cds']);
    for (const [name, s] of Object.entries(c.services))
      assert.match(s.image ?? '', PINNED, `${name} image pinned`);
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    assert.equal(service.image, `twin-cds:${version}`);
  });

  test('healthchecks, and the service waits for a healthy store and broker', () => {
    for (const name of ['twin-cds', 'mosquitto', 'postgres'])
      assert.ok(
        (c.services[name]!.healthcheck?.test ?? []).length > 0,
        `${name} has a healthcheck`,
      );
    assert.deepEqual(service.depends_on, {
      postgres: { condition: 'service_healthy' },
      mosquitto: { condition: 'service_healthy' },
    });
    assert.ok(service.healthcheck?.test?.join(' ').includes(`127.0.0.1:${env.PORT}/healthz`));
  });

  test('non-root, read-only, no capabilities, a grace period longer than the shutdown timeout', () => {
    assert.ok(service.user && !/^(root|0)(:|$)/.test(service.user));
    assert.equal(service.read_only, true);
    assert.deepEqual(service.cap_drop, ['ALL']);
    const grace = Number(/^(\d+)s$/.exec(service.stop_grace_period ?? '')?.[1]) * 1000;
    assert.ok(grace > Number(env.SHUTDOWN_TIMEOUT_MS), 'stop_grace_period > SHUTDOWN_TIMEOUT_MS');
  });

  test("every environment name is one the service reads (or NAME_FILE for the entrypoint's secrets)", () => {
    const known = configVariables();
    const viaFile = fileSecrets();
    for (const name of viaFile)
      assert.ok(known.has(name), `entrypoint secret ${name} is a config variable`);
    for (const name of Object.keys(env)) {
      const base = name.replace(/_FILE$/, '');
      const ok =
        known.has(name) || (name.endsWith('_FILE') && viaFile.includes(base) && known.has(base));
      assert.ok(ok, `${name} is not read by the service (src/config.ts)`);
    }
    for (const required of [
      'PUBLIC_URL',
      'DATABASE_URL',
      'MQTT_URL',
      'MQTT_USERNAME',
      'CDS_TRUSTED_CLIENTS',
    ])
      assert.ok(required in env, `${required} is set`);
    for (const secret of ['TWIN_PAGE_SECRET', 'METRICS_TOKEN', 'MQTT_PASSWORD'])
      assert.ok(`${secret}_FILE` in env, `${secret} comes from a secret file`);
    assert.match(env.DATABASE_URL ?? '', /^postgres:\/\/twin:.+@postgres:5432\/twin$/);
    assert.equal(env.MQTT_URL, 'mqtt://mosquitto:1883');
  });

  test('secret files named in the environment are mounted secrets defined at the top level', () => {
    const mounted = service.secrets ?? [];
    for (const [name, value] of Object.entries(env)) {
      const secret = /^\/run\/secrets\/(.+)$/.exec(value)?.[1];
      if (!secret) continue;
      assert.ok(mounted.includes(secret), `${name}: ${secret} is mounted`);
      assert.ok(c.secrets?.[secret]?.file.startsWith('./secrets/'), `${secret} is defined`);
    }
  });

  test('Mosquitto: the repository config, its password file and ACL paths, the service user in the ACL', () => {
    const conf = read('docker/mosquitto/mosquitto.conf');
    const setting = (key: string) => new RegExp(`^${key}\\s+(\\S+)`, 'm').exec(conf)?.[1];
    const targets = new Map(
      (c.services.mosquitto!.volumes ?? []).map((v) => {
        const [source = '', target = ''] = v.split(':');
        return [target, source];
      }),
    );
    assert.equal(targets.get('/mosquitto/config/mosquitto.conf'), './mosquitto/mosquitto.conf');
    assert.ok(
      targets.has(setting('password_file') ?? '?'),
      'password file mounted where the config reads it',
    );
    assert.ok(targets.has(setting('acl_file') ?? '?'), 'ACL mounted where the config reads it');
    assert.ok(
      targets.has((setting('cafile') ?? '?').replace(/\/[^/]+$/, '')),
      'TLS certificates mounted',
    );
    assert.match(
      read('docker/mosquitto/acl.example'),
      new RegExp(`^user ${env.MQTT_USERNAME ?? '?'}$`, 'm'),
    );
    assert.deepEqual(
      c.services.mosquitto!.ports,
      ['8883:8883'],
      'only the TLS listener is published',
    );
  });
});

describe('docker/entrypoint.sh', () => {
  const run = (env: Record<string, string>, command: string) =>
    spawnSync('sh', [ENTRYPOINT, 'sh', '-c', command], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });

  test('NAME_FILE becomes NAME (file content, no trailing newline; NAME_FILE unset); both set is an error', () => {
    assert.equal(spawnSync('sh', ['-n', ENTRYPOINT]).status, 0, 'valid sh');
    const dir = mkdtempSync(join(tmpdir(), 'twin-entrypoint-'));
    try {
      const file = join(dir, 'secret');
      writeFileSync(file, 'a1b2c3\n');
      const ok = run(
        { TWIN_PAGE_SECRET_FILE: file },
        'printf "%s|%s" "$TWIN_PAGE_SECRET" "${TWIN_PAGE_SECRET_FILE:-unset}"',
      );
      assert.equal(ok.stdout, 'a1b2c3|unset');
      assert.notEqual(run({ METRICS_TOKEN: 'x', METRICS_TOKEN_FILE: file }, 'true').status, 0);
      assert.notEqual(run({ MQTT_PASSWORD_FILE: join(dir, 'missing') }, 'true').status, 0);
      assert.equal(run({}, 'echo plain').stdout, 'plain\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
