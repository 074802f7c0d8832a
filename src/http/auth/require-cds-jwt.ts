// Express adapter for JwtVerifier: every /cds-services call needs a valid CDS Hooks JWT whose
// `aud` is the called endpoint under PUBLIC_URL. Failures answer a bare 401 and log why.
import type { RequestHandler } from 'express';
import type { Logger } from '../../logger.js';
import { AuthError, type JwtVerifier } from './jwt-verifier.js';

export function requireCdsJwt(
  verifier: JwtVerifier | undefined,
  publicUrl: string,
  logger: Logger,
): RequestHandler {
  if (!verifier) {
    return (_req, _res, next) => {
      next();
    };
  }
  return (req, res, next) => {
    const audience = `${publicUrl}${req.baseUrl}${req.path}`.replace(/\/+$/, '');
    verifier
      .verify(req.headers.authorization, audience)
      .then((caller) => {
        res.locals.caller = caller;
        next();
      })
      .catch((error: unknown) => {
        const reason = error instanceof AuthError ? error.reason : 'verification error';
        // requestId comes from the request's log context (http/request-context.ts).
        logger.warn({ reason, path: req.path }, 'CDS client not trusted: 401');
        res.status(401).setHeader('WWW-Authenticate', 'Bearer').end();
      });
  };
}
