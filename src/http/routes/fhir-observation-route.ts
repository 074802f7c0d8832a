// GET /fhir/Observation?patient={id}: the stored telemonitoring readings as a FHIR searchset
// Bundle (docs/telemetry.md). Trusted like the hooks: a trusted client's JWT whose `aud` is
// PUBLIC_URL/fhir/Observation, or the static FHIR_READ_TOKEN (compared in constant time).
// Anything else answers a bare 401; malformed parameters a 400 OperationOutcome.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from '../../logger.js';
import type { Terminology } from '../../terminology/terminology.js';
import type { TelemetryStore } from '../../store/types.js';
import { searchsetBundle } from '../../telemetry/observation-bundle.js';
import { parseObservationSearch } from '../../telemetry/observation-search.js';
import { AuthError, type JwtVerifier } from '../auth/jwt-verifier.js';

export interface FhirObservationDeps {
  store: TelemetryStore;
  /** Undefined only when CDS_INSECURE_DISABLE_AUTH is set (development): no check at all. */
  verifier: JwtVerifier | undefined;
  publicUrl: string;
  logger: Logger;
  fhirReadToken?: string | undefined;
  terminology: Terminology;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Equal-length digests, so the comparison takes the same time whatever the token. */
export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function requireReader(deps: FhirObservationDeps, audience: string): RequestHandler {
  return (req, res, next) => {
    if (!deps.verifier) {
      // CDS_INSECURE_DISABLE_AUTH: every caller is trusted here too (development only).
      next();
      return;
    }
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(header)?.[1];
    if (deps.fhirReadToken && bearer !== undefined && sameToken(bearer, deps.fhirReadToken)) {
      next();
      return;
    }
    const refuse = (reason: string) => {
      deps.logger.warn({ reason, path: req.path }, 'FHIR read not trusted: 401');
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').end();
    };
    deps.verifier.verify(header, audience).then(
      () => {
        next();
      },
      (error: unknown) => {
        refuse(error instanceof AuthError ? error.reason : 'verification error');
      },
    );
  };
}

export function fhirObservationRouter(deps: FhirObservationDeps): Router {
  const router = express.Router();
  const base = `${deps.publicUrl}/fhir/Observation`;
  router.get('/Observation', requireReader(deps, base), async (req, res) => {
    const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const lenient = /handling\s*=\s*lenient/i.test([req.headers.prefer ?? ''].flat().join(','));
    const search = parseObservationSearch(params, { lenient });
    const query = { ...search.filter, order: search.order };
    const [total, page] = await Promise.all([
      deps.store.countReadings(search.patientId, query),
      search.count === 0
        ? Promise.resolve([])
        : deps.store.readings(search.patientId, {
            ...query,
            limit: search.count,
            offset: search.offset,
          }),
    ]);
    res.setHeader('Cache-Control', 'no-store');
    res
      .type('application/fhir+json')
      .send(
        JSON.stringify(
          searchsetBundle(
            page,
            total,
            search,
            base,
            (q) => deps.terminology.quantity(q).canonicalLoinc,
          ),
        ),
      );
  });
  return router;
}
