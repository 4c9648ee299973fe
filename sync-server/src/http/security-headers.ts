import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';

/**
 * Headers every HTTP answer carries — the app, the API, 404s; the hashed build assets under
 * `/_app/immutable/` carry only `nosniff`. Browsers apply a policy, framing and referrer rules to
 * documents and workers, never to a script, style or font they load, and the app's first load
 * fetches some forty such files over a camp's single bar of signal: the other three headers
 * were about 400 bytes on each, for nothing (the service worker, `/service-worker.js`, keeps
 * them all).
 *
 * The Content-Security-Policy is a header, not SvelteKit's `kit.csp` `<meta>`: a meta policy
 * cannot say `frame-ancestors`, and two policies (meta and header) would both have to allow the
 * inline script. adapter-static's index.html starts the app with one inline `<script>` whose text
 * changes with every build, so its sha256 is read from the built index.html — again whenever that
 * file changes, because a deploy may rebuild the app under the running server (static-files.ts).
 *
 * What the app needs, and why each source is there:
 * - script-src: its own modules plus that one bootstrap script; no eval (none in the build).
 * - style-src 'unsafe-inline': Tiptap injects a `<style>` element for the editor, Svelte's
 *   `style:` directives, the collaboration caret and app.html's `<div style="display: contents">`
 *   set style attributes. Styles cannot run script; script-src is what stops injected code.
 * - connect-src 'self': the API and the `/sync/` WebSocket (CSP 3 lets 'self' match ws:/wss: of
 *   the same host, as Chromium does; the security-headers journey syncs under this policy). A
 *   server address other than the one that served the app is refused at sign-in by this too.
 * - worker-src 'self': the service worker; img-src data: blob: for editor and export previews.
 */
export function securityHeaders(
  appDir: string | null,
): (res: ServerResponse, pathname: string) => void {
  let cached: { key: string; policy: string } | null = null;

  function policy(): string {
    const index = appDir ? join(appDir, 'index.html') : null;
    let key = 'none';
    try {
      if (index) {
        const stat = statSync(index);
        key = `${stat.mtimeMs}:${stat.size}`;
      }
    } catch {
      key = 'none';
    }
    if (cached?.key === key) return cached.policy;
    let hashes: string[] = [];
    if (index && key !== 'none') {
      try {
        hashes = inlineScriptHashes(readFileSync(index, 'utf8'));
      } catch {
        hashes = [];
      }
    }
    cached = { key, policy: contentSecurityPolicy(hashes) };
    return cached.policy;
  }

  return (res, pathname) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (pathname.startsWith(IMMUTABLE_ASSETS)) return;
    res.setHeader('Content-Security-Policy', policy());
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };
}

/** Where the build's hashed scripts, styles and fonts are served (see static-files.ts). */
const IMMUTABLE_ASSETS = '/_app/immutable/';

/** `'sha256-…'` sources for each inline `<script>` (one without `src`) of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...new Set(hashes)];
}

export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
