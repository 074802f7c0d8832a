// Runs a part of a benchmark (the service under test, the EHR's FHIR server) in its own Node.js
// process, so that the load generator and the system under test do not share one event loop.
// A tiny request/reply protocol over the IPC channel; the child module calls serveParent().
import { fork, type ChildProcess } from 'node:child_process';

type Message =
  | { type: 'ready'; data: unknown }
  | { type: 'failed'; message: string }
  | { type: 'call'; id: number; method: string; params: unknown }
  | { type: 'reply'; id: number; result?: unknown; error?: string };

export class ChildProcessError extends Error {
  constructor(module: string, problem: string) {
    super(`${module}: ${problem}`);
    this.name = 'ChildProcessError';
  }
}

export interface ChildHandle<Ready> {
  pid: number;
  /** What the child sent when it was ready (e.g. its URL). */
  ready: Ready;
  call<T>(method: string, params?: unknown): Promise<T>;
  /** Calls the child's `stop` handler, then waits for the process to exit. */
  stop(): Promise<void>;
}

/** Forks `modulePath` with this process's flags (tsx loader) and `config` as JSON in argv[2]. */
export function forkChild<Ready>(modulePath: string, config: unknown): Promise<ChildHandle<Ready>> {
  const child = fork(modulePath, [JSON.stringify(config)], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      reject(new ChildProcessError(modulePath, `exited with code ${String(code)} before ready`));
    };
    child.once('exit', onExit);
    child.once('message', (raw) => {
      child.off('exit', onExit);
      const message = raw as Message;
      if (message.type === 'ready')
        resolve(handle<Ready>(modulePath, child, message.data as Ready));
      else {
        child.kill();
        reject(new ChildProcessError(modulePath, `failed to start: ${describe(message)}`));
      }
    });
  });
}

function describe(message: Message): string {
  return message.type === 'failed' ? message.message : `unexpected ${message.type}`;
}

function handle<Ready>(modulePath: string, child: ChildProcess, ready: Ready): ChildHandle<Ready> {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (raw) => {
    const message = raw as Message;
    if (message.type !== 'reply') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined)
      waiter?.reject(new ChildProcessError(modulePath, message.error));
    else waiter?.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values())
      waiter.reject(new ChildProcessError(modulePath, `exited with code ${String(code)}`));
    pending.clear();
  });
  const call = <T>(method: string, params?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      child.send({ type: 'call', id, method, params } satisfies Message);
    });
  return {
    pid: child.pid ?? -1,
    ready,
    call,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call('stop').catch(() => undefined); // the child may exit before its reply arrives
      await exited;
    },
  };
}

export type Handlers = Record<string, (params: unknown) => unknown>;

/**
 * Child side: reads its config from argv[2], runs `start`, reports ready with what `start`
 * returns, then answers calls with `handlers`. A `stop` handler is required; the process exits
 * after it has run.
 */
export function serveParent(
  start: (config: unknown) => Promise<{ ready: unknown; handlers: Handlers }>,
): void {
  const send = (message: Message) =>
    new Promise<void>((resolve) => {
      if (!process.send) resolve();
      else process.send(message, undefined, undefined, () => resolve());
    });
  const config = JSON.parse(process.argv[2] ?? '{}') as unknown;
  // The parent died or let go: do not linger holding ports.
  process.once('disconnect', () => process.exit(0));
  start(config).then(
    ({ ready, handlers }) => {
      process.on('message', (raw) => {
        const message = raw as Message;
        if (message.type !== 'call') return;
        void answer(message, handlers, send);
      });
      void send({ type: 'ready', data: ready });
    },
    async (error: unknown) => {
      await send({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
      process.exit(1);
    },
  );
}

async function answer(
  message: Extract<Message, { type: 'call' }>,
  handlers: Handlers,
  send: (m: Message) => Promise<void>,
): Promise<void> {
  const handler = handlers[message.method];
  try {
    if (!handler) throw new Error(`no handler for ${message.method}`);
    const result = await handler(message.params);
    await send({ type: 'reply', id: message.id, result });
  } catch (error) {
    await send({ type: 'reply', id: message.id, error: (error as Error).message });
  }
  if (message.method === 'stop') process.exit(0);
}
