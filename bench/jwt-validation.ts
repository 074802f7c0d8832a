// JWT trust and hook request validation, in-process: what every hook call pays before any
// clinical work. JwtVerifier.verify on a fresh token, then validateHookRequest on an order-sign body.
import { validateHookRequest } from '../src/cds/request-validation.js';
import { twinDosingSign } from '../src/cds/services/twin-dosing-sign.js';
import { JwtVerifier } from '../src/http/auth/jwt-verifier.js';
import { createTestEhrClient } from '../test/support/ehr-client.js';
import { orderSignRequest, prefetchFor } from '../test/support/hook-requests.js';
import {
  draftVancomycinOrder,
  SYNTHETIC_PATIENT_IDS,
  withLevels,
} from '../test/support/synthetic-patients.js';
import { summarise, withUnit } from './lib/stats.js';
import { timeAsync } from './lib/timing.js';
import { signTokenPool } from './lib/token-pool.js';
import type { Benchmark, BenchResult, Scenario, TargetSpec } from './types.js';

const WARMUP = 500;
const ITERATIONS = 3000;
const ALGORITHMS = ['ES384', 'RS384'] as const;
type Algorithm = (typeof ALGORITHMS)[number];
const AUDIENCE = `https://twin.example.org/cds-services/${twinDosingSign.definition.id}`;
const PATIENT_ID = SYNTHETIC_PATIENT_IDS.withLevels;

/** The parsed body of a full-prefetch order-sign call, as express hands it to the handler. */
async function hookBody(): Promise<unknown> {
  const prefetch = await prefetchFor(twinDosingSign.definition, withLevels(new Date()), PATIENT_ID);
  const request = orderSignRequest({
    patientId: PATIENT_ID,
    draftOrders: [draftVancomycinOrder({ patientId: PATIENT_ID, doseMg: 1000, intervalH: 12 })],
    prefetch,
  });
  return JSON.parse(JSON.stringify(request)) as unknown;
}

async function measure(alg: Algorithm, body: unknown): Promise<Scenario> {
  const ehr = await createTestEhrClient('https://ehr.bench.example', alg);
  const verifier = new JwtVerifier({ clients: [ehr.trustedClient] });
  const tokens = await signTokenPool(() => ehr.authorization(AUDIENCE), WARMUP + ITERATIONS + 1);

  const coldStarted = performance.now();
  await verifier.verify(tokens.take(), AUDIENCE); // imports the key: once per key set
  const firstVerifyUs = (performance.now() - coldStarted) * 1000;

  const verifyUs = new Float64Array(WARMUP + ITERATIONS);
  const validateUs = new Float64Array(WARMUP + ITERATIONS);
  const totalUs = await timeAsync(
    async (i) => {
      const t0 = performance.now();
      await verifier.verify(tokens.take(), AUDIENCE);
      const t1 = performance.now();
      validateHookRequest(body, 'order-sign');
      verifyUs[i] = (t1 - t0) * 1000;
      validateUs[i] = (performance.now() - t1) * 1000;
    },
    { warmup: WARMUP, iterations: ITERATIONS },
  );
  const timed = (a: Float64Array) => a.subarray(WARMUP);
  const stats = ['p50', 'p90', 'p99', 'max'] as const;
  const verify = withUnit(summarise(timed(verifyUs)), 'Us', stats);
  const validate = withUnit(summarise(timed(validateUs)), 'Us', stats);
  return {
    id: alg.toLowerCase(),
    label: alg,
    parameters: { algorithm: alg },
    figures: {
      ...withUnit(summarise(totalUs), 'Us', ['mean', 'p50', 'p90', 'p99', 'max']),
      verifyP50Us: verify.p50Us,
      verifyP99Us: verify.p99Us,
      validateP50Us: validate.p50Us,
      validateP99Us: validate.p99Us,
      firstVerifyUs,
      tokenSignUsPerToken: tokens.signUsPerToken,
    },
  };
}

function targets(): TargetSpec[] {
  return ALGORITHMS.map((alg) => ({
    id: `p50-${alg.toLowerCase()}`,
    description: `p50 of JWT verification + hook request validation, ${alg}`,
    scenario: alg.toLowerCase(),
    figure: 'p50Us',
    comparison: '<',
    threshold: 2000,
    source: 'benchmark brief (JWT validation < 2 ms p50)',
  }));
}

async function run(): Promise<BenchResult> {
  const body = await hookBody();
  const scenarios: Scenario[] = [];
  for (const alg of ALGORITHMS) scenarios.push(await measure(alg, body));
  return {
    parameters: {
      warmupIterations: WARMUP,
      iterations: ITERATIONS,
      hook: 'order-sign',
      body: `full prefetch for ${PATIENT_ID}`,
    },
    scenarios,
    targets: targets(),
    notes: [
      "Timed per call: JwtVerifier.verify on a token never seen before (signature against the client's inline JWK Set, iss, aud, exp/iat, jti replay cache) followed by validateHookRequest on the parsed body. Tokens are signed before the timed loop.",
      'One verifier per algorithm, so the jti cache grows over the run as it would in service; firstVerifyUs is the very first verification of a key set (key import), excluded from the percentiles.',
      'ES384 is the default of the test EHR client; RS384 (RSA 2048) is what many EHRs sign with.',
    ],
  };
}

export const benchmark: Benchmark = {
  name: 'jwt-validation',
  title: 'JWT verification and hook request validation',
  description:
    'The per-call cost of trusting a CDS client and checking its request, in-process and single-threaded: `JwtVerifier.verify` on a fresh token plus `validateHookRequest` on a full-prefetch order-sign body, per call, after warm-up.',
  run,
};
