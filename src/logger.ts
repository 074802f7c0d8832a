// Structured JSON logs (pino). Patient data never goes into a log line: callers log ids of
// requests and hook instances, counts and reasons — and the redact list is a second fence.
// Every line written while a request is handled carries its requestId (and on hook calls the
// service id and hookInstance) from the request's log context (observability/log-context.ts).
import { pino, type DestinationStream, type Logger } from 'pino';
import { logContextMixin } from './observability/log-context.js';

export type { Logger };

/** `destination`: where lines go (default stdout); tests pass a stream to read them back. */
export function createLogger(
  level: string,
  name = 'twin-cds',
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level,
    mixin: logContextMixin,
    redact: {
      paths: [
        'req.headers.authorization',
        '*.authorization',
        '*.fhirAuthorization',
        '*.access_token',
        '*.prefetch',
        '*.context',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that discards everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
