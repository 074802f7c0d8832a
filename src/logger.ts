// Structured JSON logs (pino). Patient data never goes into a log line: callers log ids of
// requests and hook instances, counts and reasons — and the redact list is a second fence.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'twin-cds'): Logger {
  return pino({
    name,
    level,
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
  });
}

/** A logger that discards everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
