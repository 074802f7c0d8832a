// The CDS clients this service trusts, read from the JSON file named by CDS_TRUSTED_CLIENTS:
// an array of { iss, jku } or { iss, jwks: { keys } } (DESIGN.md), optionally with `tenant`
// and with `jkuAllowed` listing further JWK Set URLs this issuer may name in a token's header.
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';

export interface TrustedClient {
  iss: string;
  /** JWK Set URL fixed for this client; a token's `jku` header must be one of `allowedJkus`. */
  jku?: string;
  jwks?: JSONWebKeySet;
  allowedJkus: string[];
  /** When set, the token's `tenant` claim must equal it. */
  tenant?: string;
}

export class TrustedClientsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustedClientsError';
  }
}

function httpsOrLocal(url: string, where: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TrustedClientsError(`${where} is not a URL: ${url}`);
  }
  const local =
    parsed.hostname === 'localhost' ||
    parsed.hostname === '127.0.0.1' ||
    parsed.hostname === '[::1]';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    throw new TrustedClientsError(`${where} must be https (http only for localhost): ${url}`);
  }
  return url;
}

export function parseTrustedClients(
  json: unknown,
  source = 'CDS_TRUSTED_CLIENTS',
): TrustedClient[] {
  if (!Array.isArray(json)) throw new TrustedClientsError(`${source} must hold a JSON array`);
  return json.map((entry: unknown, i): TrustedClient => {
    const where = `${source}[${i}]`;
    if (typeof entry !== 'object' || entry === null)
      throw new TrustedClientsError(`${where} must be an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e.iss !== 'string' || e.iss === '')
      throw new TrustedClientsError(`${where}.iss must be a non-empty string`);
    const jku = typeof e.jku === 'string' ? httpsOrLocal(e.jku, `${where}.jku`) : undefined;
    const jwks = e.jwks as JSONWebKeySet | undefined;
    if (jwks !== undefined && !Array.isArray((jwks as { keys?: unknown }).keys)) {
      throw new TrustedClientsError(`${where}.jwks must be a JWK Set: { "keys": [...] }`);
    }
    if (!jku && !jwks) throw new TrustedClientsError(`${where} needs jku or jwks`);
    const extra = Array.isArray(e.jkuAllowed) ? e.jkuAllowed : [];
    const allowedJkus = [
      ...(jku ? [jku] : []),
      ...extra.map((u, j) => httpsOrLocal(String(u), `${where}.jkuAllowed[${j}]`)),
    ];
    if (e.tenant !== undefined && typeof e.tenant !== 'string')
      throw new TrustedClientsError(`${where}.tenant must be a string`);
    return {
      iss: e.iss,
      allowedJkus,
      ...(jku ? { jku } : {}),
      ...(jwks ? { jwks } : {}),
      ...(typeof e.tenant === 'string' ? { tenant: e.tenant } : {}),
    };
  });
}

export function readTrustedClients(path: string | undefined): TrustedClient[] {
  if (!path) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrustedClientsError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseTrustedClients(json, path);
}
