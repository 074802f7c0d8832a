// Draining for graceful shutdown: once draining, /readyz answers 503 (load balancers stop sending)
// and requests that still arrive on open keep-alive connections get 503 `service-unavailable`
// with `Connection: close`, while requests already in progress finish normally (/healthz stays up).
import type { RequestHandler } from 'express';
import { ServiceError } from '../errors.js';

export interface Lifecycle {
  readonly draining: boolean;
  startDraining(): void;
  /** Requests being handled now. */
  readonly inFlight: number;
}

export function createLifecycle(): Lifecycle & { guard: RequestHandler } {
  let draining = false;
  let inFlight = 0;
  const guard: RequestHandler = (req, res, next) => {
    // Liveness stays true while draining: the process is healthy, just leaving.
    if (draining && req.path !== '/healthz') {
      res.setHeader('Connection', 'close');
      next(
        new ServiceError('service-unavailable', [{ diagnostics: 'the service is shutting down' }]),
      );
      return;
    }
    inFlight++;
    res.once('close', () => {
      inFlight--;
    });
    next();
  };
  return {
    guard,
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
