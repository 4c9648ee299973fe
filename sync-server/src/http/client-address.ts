import type { IncomingMessage } from 'node:http';

/**
 * The client's address for per-address limits. Behind a trusted reverse proxy (`TRUST_PROXY`) it
 * is the address the proxy saw — the last entry of X-Forwarded-For, the one the proxy appended
 * (earlier entries come from the client and can be forged).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
