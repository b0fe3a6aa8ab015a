/**
 * How a registry asks for credentials, and the token dance (distribution's token authentication,
 * as ghcr.io and Docker Hub speak it): a request answered 401 with
 * `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` is sent again with a token from
 * `GET <realm>?service=…&scope=repository:<name>:pull[,push]` (basic auth user:token when there
 * are credentials, anonymous otherwise); `WWW-Authenticate: Basic` is answered with the
 * credentials themselves. The parsing is pure; fetching the token is the client's (client.ts).
 */
import * as z from 'zod';
import type { Credentials } from './reference.js';

export type Action = 'pull' | 'push';

export type Challenge = { scheme: 'bearer'; realm: string; service?: string | undefined; scope?: string | undefined } | { scheme: 'basic'; realm?: string | undefined };

/** A WWW-Authenticate header's parameters, `key="value"` or `key=token`, comma-separated. */
function parseParams(text: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m.index !== at) return undefined;
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
    at = re.lastIndex;
  }
  return params;
}

/** The challenge a 401 carries, or undefined when the header is absent or not one pydebug answers. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (header === undefined || header.length > 4096) return undefined;
  const m = /^\s*(Bearer|Basic)(?:\s+(.*))?$/is.exec(header);
  if (!m) return undefined;
  const params = parseParams(m[2] ?? '');
  if (!params) return undefined;
  if (m[1]!.toLowerCase() === 'basic') return { scheme: 'basic', realm: params.get('realm') };
  const realm = params.get('realm');
  if (!realm) return undefined;
  return { scheme: 'bearer', realm, service: params.get('service'), scope: params.get('scope') };
}

/** The scope a token is asked for: `repository:<name>:pull` or `…:pull,push`. */
export function repositoryScope(repository: string, actions: readonly Action[]): string {
  return `repository:${repository}:${[...new Set(actions)].sort().join(',')}`;
}

/** The token endpoint's URL for a Bearer challenge and a scope. */
export function tokenUrl(challenge: Challenge & { scheme: 'bearer' }, scope: string): URL {
  const url = new URL(challenge.realm);
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service);
  url.searchParams.set('scope', scope);
  return url;
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString('base64')}`;
}

/** A token endpoint's answer is a few kB (ghcr.io's, Docker Hub's). */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

const TokenResponseSchema = z.object({
  token: z.string().min(1).max(16384).optional(),
  access_token: z.string().min(1).max(16384).optional(),
  expires_in: z.number().positive().optional(),
});

/** The token in a token endpoint's JSON answer, or undefined when it holds none. */
export function parseTokenResponse(body: Buffer): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const token = parsed.data.token ?? parsed.data.access_token;
  // A token goes into a header: nothing that could end it.
  return token !== undefined && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}
