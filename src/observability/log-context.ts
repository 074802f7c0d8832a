// Per-request log context (AsyncLocalStorage): the request id, and on hook calls the service id and
// hookInstance, follow every log line written while the request is handled — in cds/, fhir/ and
// store code too — without passing a logger down. The logger's mixin reads it (src/logger.ts).
// Never put patient data here: these fields are written on every line.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  requestId: string;
  service?: string;
  hookInstance?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` as the log context of everything it starts. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being handled, or undefined outside one. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Adds fields to the current request's context (no-op outside a request). */
export function addToLogContext(fields: Partial<Omit<LogContext, 'requestId'>>): void {
  const context = storage.getStore();
  if (context) Object.assign(context, fields);
}

/** pino mixin: a copy of the current context's fields (pino merges each line's fields into it). */
export function logContextMixin(): Partial<LogContext> {
  const context = storage.getStore();
  return context ? { ...context } : {};
}
