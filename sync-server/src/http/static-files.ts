import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Serves the built app. Hashed assets under `_app/immutable/` never change, so browsers keep them
 * for a year; `index.html`, the service worker, the manifest and version file must be revalidated
 * every time, or a deploy would never reach installed apps. Unknown paths fall back to
 * `index.html` so deep links work (the app routes on the client).
 *
 * Files are looked up on each request (sirv's `dev` mode, which does not change the headers set
 * here), not listed once at start: a deploy that rebuilds the app under a running server then
 * serves the new files, and a removed file is a 404 instead of a read of a vanished path.
 * Installed apps load from their service worker's cache, so few requests ever reach this.
 */
export function staticFiles(appDir: string): Handler | null {
  if (!existsSync(join(appDir, 'index.html'))) return null;
  return sirv(appDir, {
    single: true,
    dev: true,
    etag: true,
    // The build is precompressed (adapter-static `precompress`): .br or .gz by Accept-Encoding.
    gzip: true,
    brotli: true,
    setHeaders(res, pathname) {
      if (pathname.startsWith('/_app/immutable/')) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('Cache-Control', 'no-cache');
      }
      if (pathname === '/service-worker.js') res.setHeader('Service-Worker-Allowed', '/');
      if (pathname.endsWith('.webmanifest'))
        res.setHeader('Content-Type', 'application/manifest+json');
    },
  });
}
