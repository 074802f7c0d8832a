// Publishes twin views behind short-lived signed links: the URL carries only a random view id and
// an expiry, signed (HS256) with a secret of this service — no patient data, nothing guessable.
// Views are kept in memory for the link's lifetime; with several replicas behind a load balancer,
// use sticky routing for /twin or give all replicas the same TWIN_PAGE_SECRET and a shared store.
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { PageView } from './view-model.js';

export interface TwinPages {
  /** Stores the view (or a function that builds it when the page is first opened: most links are
   * never followed, so the trajectory bands are not computed on the hook's time) and returns its URL. */
  publish(view: PageView | (() => PageView)): Promise<string>;
  /** The view behind a link token, or undefined when the token is invalid or expired. */
  open(token: string): Promise<PageView | undefined>;
}

export interface TwinPagesOptions {
  publicUrl: string;
  /** At least 32 bytes; random per process when not given (links then end with the process). */
  secret?: Uint8Array;
  ttlSeconds?: number;
  maxViews?: number;
  now?: () => number;
}

export function createTwinPages(options: TwinPagesOptions): TwinPages {
  const secret = options.secret ?? randomBytes(32);
  if (secret.length < 32) throw new Error('the twin page secret must be at least 32 bytes');
  const ttl = options.ttlSeconds ?? 15 * 60;
  // A pending view holds its twin's posterior draws (~100 kB): bound how many are kept.
  const maxViews = options.maxViews ?? 1000;
  const now = options.now ?? (() => Date.now());
  const views = new Map<string, { view: PageView | (() => PageView); expiresAt: number }>();

  const sweep = () => {
    const t = now();
    for (const [id, v] of views) if (v.expiresAt < t) views.delete(id);
    while (views.size >= maxViews) views.delete(views.keys().next().value!);
  };

  return {
    async publish(view) {
      sweep();
      const id = randomUUID();
      const iat = Math.floor(now() / 1000);
      views.set(id, { view, expiresAt: (iat + ttl) * 1000 });
      const token = await new SignJWT({ v: id })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttl)
        .sign(secret);
      return `${options.publicUrl}/twin/${token}`;
    },
    async open(token) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          currentDate: new Date(now()),
        });
        const entry = typeof payload.v === 'string' ? views.get(payload.v) : undefined;
        if (!entry || entry.expiresAt < now()) return undefined;
        if (typeof entry.view === 'function') entry.view = entry.view(); // built once, on first open
        return entry.view;
      } catch {
        return undefined;
      }
    },
  };
}
