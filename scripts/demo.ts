// `npm run demo`: the whole Twin CDS flow in one command, for a newcomer. An in-process FHIR server
// plays the EHR's record, a simulated hub publishes vitals over MQTT, and a test EHR client calls
// the hooks with signed JWTs — once with full prefetch, once with none (fetch-on-miss). Every card
// is printed; then everything shuts down. Synthetic patients only (test/support/synthetic-patients).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Resource } from '@medplum/fhirtypes';
import mqtt from 'mqtt';
import { pino } from 'pino';
import type { Card, CdsResponse, HookRequest, ServiceDefinition } from '../src/cds/types.js';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/main.js';
import { openStore } from '../src/store/open-store.js';
import type { TelemetryStore } from '../src/store/types.js';
import { createTestEhrClient, type TestEhrClient } from '../test/support/ehr-client.js';
import { startFhirServer, type InProcessFhirServer } from '../test/support/fhir-server.js';
import {
  orderSignRequest,
  patientViewRequest,
  prefetchFor,
} from '../test/support/hook-requests.js';
import {
  allSyntheticResources,
  draftVancomycinOrder,
  SYNTHETIC_PATIENT_IDS as IDS,
} from '../test/support/synthetic-patients.js';

const out = (line = '') => {
  process.stdout.write(`${line}\n`);
};
const heading = (text: string) => {
  out();
  out(`━━ ${text} ${'━'.repeat(Math.max(0, 92 - text.length))}`);
};

/** The service's own log lines (warn and above), shown as one short line each. */
function demoLogger(level: string) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const entry = JSON.parse(chunk.toString()) as { level: number; msg?: string };
      out(`   [Twin CDS log, ${entry.level >= 50 ? 'error' : 'warn'}] ${entry.msg ?? ''}`);
      done();
    },
  });
  return pino({ level, name: 'twin-cds' }, stream);
}

interface Demo {
  fhir: InProcessFhirServer;
  ehr: TestEhrClient;
  accessToken: string;
  httpUrl: string;
  publicUrl: string;
  services: ServiceDefinition[];
}

async function callHook(demo: Demo, serviceId: string, request: HookRequest): Promise<CdsResponse> {
  const endpoint = `/cds-services/${serviceId}`;
  const fetchesBefore = demo.fhir.requests.length;
  const started = performance.now();
  const res = await fetch(`${demo.httpUrl}${endpoint}`, {
    method: 'POST',
    headers: {
      Authorization: await demo.ehr.authorization(`${demo.publicUrl}${endpoint}`),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(request),
  });
  const ms = Math.round(performance.now() - started);
  const body = (await res.json()) as CdsResponse;
  const fetches = demo.fhir.requests.slice(fetchesBefore);
  const prefetched = Object.keys(request.prefetch ?? {}).length;
  out(`   POST ${endpoint} → HTTP ${res.status} in ${ms} ms; prefetch sent: ${prefetched} key(s)`);
  if (fetches.length === 0)
    out('   Twin CDS fetched nothing from the FHIR server: the prefetch answered every template');
  else {
    const withToken = fetches.filter(
      (r) => r.authorization === `Bearer ${demo.accessToken}`,
    ).length;
    out(
      `   Twin CDS fetched what was missing: ${fetches.length} FHIR request(s), ${withToken} with the EHR's token`,
    );
  }
  for (const f of fetches) {
    const url = decodeURIComponent(f.url);
    out(`     ${f.method} ${url.length > 100 ? `${url.slice(0, 97)}...` : url}`);
  }
  if (!res.ok) out(`   ${JSON.stringify(body)}`);
  return body;
}

const INDICATOR: Record<Card['indicator'], string> = {
  info: 'ℹ INFO',
  warning: '⚠ WARNING',
  critical: '‼ CRITICAL',
};

function printCards(response: CdsResponse): void {
  if (response.cards.length === 0) out('   (no cards)');
  for (const card of response.cards) {
    out();
    out(`   ${INDICATOR[card.indicator]} · ${card.summary}`);
    out(`     source: ${card.source.label}`);
    for (const line of (card.detail ?? '').split('\n')) out(line ? `       ${line}` : '');
    for (const s of card.suggestions ?? []) {
      out(`     ➜ suggestion: ${s.label}${s.isRecommended ? ' (recommended)' : ''}`);
      for (const a of s.actions ?? []) out(`         action ${a.type}: ${a.description}`);
    }
  }
}

const definition = (demo: Demo, id: string): ServiceDefinition => {
  const found = demo.services.find((s) => s.id === id);
  if (!found) throw new Error(`discovery does not list ${id}`);
  return found;
};

async function fullPrefetch(
  demo: Demo,
  serviceId: string,
  patientId: string,
): Promise<Record<string, Resource | null>> {
  return prefetchFor(definition(demo, serviceId), demo.fhir, patientId, {
    accessToken: demo.accessToken,
  });
}

/** The hub: three heart-rate readings, one SpO2, and one reading with a non-numeric value. */
async function publishVitals(mqttUrl: string, patientId: string): Promise<void> {
  const hub = await mqtt.connectAsync(mqttUrl, {
    clientId: `demo-hub-${randomUUID().slice(0, 8)}`,
  });
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const reading = (
    n: number,
    code: string,
    value: number | string,
    unit: string,
    minutesAgo: number,
  ) => ({
    id: `demo-hub-msg-${n}`,
    device: 'urn:demo:wrist-monitor-7',
    code,
    system: 'http://loinc.org',
    value,
    unit,
    time: at(minutesAgo),
  });
  const topic = `twin/${patientId}/vitals`;
  const good = [
    reading(1, '8867-4', 84, '/min', 15),
    reading(2, '8867-4', 91, '/min', 10),
    reading(3, '8867-4', 97, '/min', 5),
    reading(4, '59408-5', 95, '%', 5),
  ];
  await hub.publishAsync(topic, JSON.stringify(good), { qos: 1 });
  await hub.publishAsync(topic, JSON.stringify(reading(5, '8867-4', 'fast', '/min', 4)), {
    qos: 1,
  });
  await hub.endAsync();
  out(
    `   hub published ${good.length} readings (as one JSON array) and 1 malformed reading to ${topic} at QoS 1`,
  );
}

async function waitForIngest(store: TelemetryStore, patientId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const vitals = await store.latestVitals(patientId);
    if (vitals.length >= 2 && (await store.deadLetters(10)).length >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  out('   (ingest did not finish within 5 s; the patient-view card may miss readings)');
}

async function discovery(demo: Demo): Promise<void> {
  heading('Discovery, as the EHR would call it');
  const res = await fetch(`${demo.httpUrl}/cds-services`, {
    headers: { Authorization: await demo.ehr.authorization(`${demo.publicUrl}/cds-services`) },
  });
  demo.services = ((await res.json()) as { services: ServiceDefinition[] }).services;
  out(`   GET /cds-services → HTTP ${res.status}`);
  for (const s of demo.services) {
    out(
      `   • ${s.id} (hook ${s.hook}): ${s.title ?? ''} — ${Object.keys(s.prefetch ?? {}).length} prefetch templates`,
    );
  }
}

async function runScenarios(demo: Demo): Promise<void> {
  const fhirServer = demo.fhir.baseUrl;
  const accessToken = demo.accessToken;

  heading(`4. patient-view for ${IDS.withLevels} (telemonitored, on vancomycin); full prefetch`);
  const pvPrefetch = await fullPrefetch(demo, 'twin-summary', IDS.withLevels);
  const pv = patientViewRequest({
    patientId: IDS.withLevels,
    fhirServer,
    accessToken,
    prefetch: pvPrefetch,
  });
  printCards(await callHook(demo, 'twin-summary', pv));

  heading(
    '5. order-sign: 80 y, 70 kg, creatinine 2.0 mg/dL; vancomycin 1500 mg q12h; full prefetch',
  );
  const elderlyOrder = draftVancomycinOrder({
    patientId: IDS.elderlyRenal,
    doseMg: 1500,
    intervalH: 12,
  });
  const elderly = orderSignRequest({
    patientId: IDS.elderlyRenal,
    draftOrders: [elderlyOrder],
    fhirServer,
    accessToken,
    prefetch: await fullPrefetch(demo, 'twin-dosing-sign', IDS.elderlyRenal),
  });
  printCards(await callHook(demo, 'twin-dosing-sign', elderly));

  heading(
    '6. order-sign: 40 y, 80 kg, creatinine 0.9 mg/dL; 1000 mg q12h; NO prefetch (fetch-on-miss)',
  );
  const youngOrder = draftVancomycinOrder({
    patientId: IDS.youngNormal,
    doseMg: 1000,
    intervalH: 12,
  });
  const young = orderSignRequest({
    patientId: IDS.youngNormal,
    draftOrders: [youngOrder],
    fhirServer,
    accessToken,
  });
  printCards(await callHook(demo, 'twin-dosing-sign', young));

  heading(`7. order-sign: ${IDS.withLevels} continues 1000 mg q12h (4 doses, 2 levels on record)`);
  const levelsOrder = draftVancomycinOrder({
    patientId: IDS.withLevels,
    doseMg: 1000,
    intervalH: 12,
    infusionH: 1,
  });
  const levels = orderSignRequest({
    patientId: IDS.withLevels,
    draftOrders: [levelsOrder],
    fhirServer,
    accessToken,
    prefetch: await fullPrefetch(demo, 'twin-dosing-sign', IDS.withLevels),
  });
  printCards(await callHook(demo, 'twin-dosing-sign', levels));
}

type Cleanups = (() => Promise<void>)[];

async function startEhrSide(dir: string, cleanups: Cleanups) {
  heading('1. The EHR side: an in-process FHIR R4 server with synthetic patients');
  const accessToken = `demo-access-${randomUUID()}`;
  const fhir = await startFhirServer({ requiredToken: accessToken });
  cleanups.unshift(() => fhir.close());
  const resources = allSyntheticResources(new Date());
  await fhir.seed(resources);
  out(`   FHIR server ${fhir.baseUrl}: ${resources.length} resources`);
  out(`   patients: ${Object.values(IDS).join(', ')}`);
  out('   it answers 401 unless sent the bearer token the EHR hands Twin CDS (fhirAuthorization)');
  const ehr = await createTestEhrClient('https://ehr.demo.example');
  const trustedClients = join(dir, 'trusted-clients.json');
  writeFileSync(trustedClients, JSON.stringify([ehr.trustedClient], null, 2));
  out(`   test EHR client ${ehr.iss} (${ehr.alg}); its public key is in ${trustedClients}`);
  return { fhir, ehr, accessToken, trustedClients };
}

async function startTwinCds(dir: string, trustedClients: string, cleanups: Cleanups) {
  heading('2. Start Twin CDS (HTTP + embedded MQTT broker + SQLite), as `npm start` would');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`,
    CDS_TRUSTED_CLIENTS: trustedClients,
    LOG_LEVEL: 'warn',
  });
  const running = await startService(config, demoLogger(config.logLevel));
  cleanups.unshift(() => running.stop());
  out(`   HTTP ${running.httpUrl} · MQTT ${running.mqttUrl} · ${config.databaseUrl}`);
  const store = await openStore(config.databaseUrl); // a second connection, to show what was stored
  cleanups.unshift(() => store.close());
  return { config, running, store };
}

async function telemonitoring(mqttUrl: string, store: TelemetryStore): Promise<void> {
  heading(`3. A telemonitoring hub publishes vitals for ${IDS.withLevels}`);
  await publishVitals(mqttUrl, IDS.withLevels);
  await waitForIngest(store, IDS.withLevels);
  const stored = await store.latestVitals(IDS.withLevels);
  out(
    `   stored (latest of each): ${stored.map((v) => `${v.quantity} ${v.value} ${v.unit}`).join(', ')}`,
  );
  const dead = await store.deadLetters(100);
  out(`   dead letters: ${dead.length}${dead[0] ? ` (first: "${dead[0].reason}")` : ''}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'twin-cds-demo-'));
  const cleanups: Cleanups = [() => rm(dir, { recursive: true, force: true })];
  try {
    const { fhir, ehr, accessToken, trustedClients } = await startEhrSide(dir, cleanups);
    const { running, store } = await startTwinCds(dir, trustedClients, cleanups);
    await telemonitoring(running.mqttUrl, store);
    // The JWT audience is the endpoint under the service's PUBLIC_URL, as the EHR registered it.
    const demo: Demo = {
      fhir,
      ehr,
      accessToken,
      httpUrl: running.httpUrl,
      publicUrl: running.publicUrl,
      services: [],
    };
    await discovery(demo);
    await runScenarios(demo);
    heading('Done');
    out(`   dead letters in the store: ${(await store.deadLetters(100)).length}`);
    out(`   total ${((performance.now() - started) / 1000).toFixed(1)} s; shutting down`);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('demo failed:', error);
    process.exit(1);
  },
);
