// Closes an HTTP server for a graceful shutdown: stops accepting connections at once, lets the
// requests in progress finish (closing each keep-alive connection as soon as it falls idle), and
// after `timeoutMs` closes whatever is still open.
import type { Server } from 'node:http';

export interface CloseOutcome {
  /** The timeout passed and open connections were closed under running requests. */
  forced: boolean;
}

export function closeServer(server: Server, timeoutMs: number): Promise<CloseOutcome> {
  if (!server.listening) return Promise.resolve({ forced: false });
  return new Promise((resolve) => {
    let forced = false;
    // An idle keep-alive connection would hold close() open until the client lets go.
    const idle = setInterval(() => {
      server.closeIdleConnections();
    }, 50);
    const hard = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(hard);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}

/** Resolves when `done()` holds, or after `timeoutMs` (false then), polling every 20 ms. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
