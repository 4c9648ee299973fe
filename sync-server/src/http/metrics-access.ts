import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../api/http-json.ts';

/**
 * Who may read `/metrics`. With `METRICS_TOKEN` set: whoever sends it as a bearer token (compared
 * in constant time), else 401. Without: only a scraper on this machine — the socket's peer is a
 * loopback address — else 403. X-Forwarded-For is never believed here; a request that carries one
 * (or `Forwarded`) came through a proxy, and a proxy on this machine connects from loopback on
 * behalf of anyone, so such a request is refused without a token.
 */
export function metricsAccess(req: IncomingMessage, token: string | null): 200 | 401 | 403 {
  if (token) return sameSecret(bearerToken(req) ?? '', token) ? 200 : 401;
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined)
    return 403;
  return isLoopback(req.socket.remoteAddress) ? 200 : 403;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Constant time whatever the lengths: digests of both are compared. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
