import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAuthServer, startTestServer, tempDir, type AuthTestServer } from './helpers.ts';
import { isLoopback, metricsAccess } from '../src/http/metrics-access.ts';
import { inlineScriptHashes } from '../src/http/security-headers.ts';

/** Issue 11, items 9 and 10: what the API and HTTP answers gave away or got wrong. */

async function call(
  s: AuthTestServer,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${s.server.url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('malformed percent-encoding in API paths', () => {
  it('is a 400 bad_path in every route family, not a 500', async () => {
    const s = await startAuthServer();
    const secretary = await s.member('a', 'a0', 'secretary');
    const bad = '%E0%A4%A';
    const paths: [string, string][] = [
      ['GET', `/api/branches/${bad}/members`],
      ['PATCH', `/api/plans/${bad}`],
      ['PATCH', `/api/lessons/${bad}`],
      ['PUT', `/api/pairings/${bad}/leads/2026-05`],
      ['PUT', `/api/pairings/p1/leads/${bad}`],
    ];
    for (const [method, path] of paths) {
      const answer = await call(s, secretary, method, path, method === 'GET' ? undefined : {});
      expect({ path, ...answer }).toEqual({
        path,
        status: 400,
        body: { error: { code: 'bad_path', message: expect.any(String) as string } },
      });
    }
    // Well-formed encoding still decodes: the roster of `a`, spelled %61.
    expect((await call(s, secretary, 'GET', '/api/branches/%61/members')).status).toBe(200);
  });
});

describe('POST /api/pairings', () => {
  it('refuses an id that is no branch of the institution, in one sentence, pairing nothing', async () => {
    const s = await startAuthServer();
    const secretary = await s.member('c', 'c1', 'secretary');
    await s.member('a', 'a1', 'secretary');
    const unknown = await call(s, secretary, 'POST', '/api/pairings', {
      branches: ['c', 'a', 'zz'],
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({
      error: { code: 'unknown_branch', message: "every branch must be one of the institution's" },
    });
    expect(await s.auth.pairingsOfBranches(['a', 'c'])).toEqual([]);
  });
});

describe('this month for pairings', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function leadMonth(timeZone: string): Promise<unknown> {
    const s = await startAuthServer({ timeZone });
    const secretary = await s.member('a', 'a0', 'secretary');
    await s.member('b', 'b0', 'secretary');
    await s.auth.pair(['a', 'b']);
    // Only Date: sockets and timers stay real. 01:30 on 1 January 2027 in Beijing.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-31T17:30:00Z') });
    const answer = await call(s, secretary, 'GET', '/api/pairings');
    vi.useRealTimers();
    return (answer.body.pairings as { month: string }[])[0]?.month;
  }

  it("is the month on the institution's clock (TZ), not UTC's", async () => {
    expect(await leadMonth('Asia/Shanghai')).toBe('2027-01');
    expect(await leadMonth('UTC')).toBe('2026-12');
  });
});

describe('compressed API answers', () => {
  it('gzips an answer above 1 KiB for a client that takes it, and nothing else', async () => {
    const s = await startAuthServer();
    const token = await s.member('b1', 'sec', 'secretary');
    for (let i = 0; i < 40; i++) await s.member('b1', `m${i}`, 'member');
    const get = (path: string, encoding: string) =>
      new Promise<{ headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
        const headers = { Authorization: `Bearer ${token}`, 'Accept-Encoding': encoding };
        request(`${s.server.url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    const roster = await get('/api/branches/b1/members', 'gzip');
    expect(roster.headers['content-encoding']).toBe('gzip');
    const members = JSON.parse(gunzipSync(roster.body).toString()) as { members: unknown[] };
    expect(members.members).toHaveLength(41);
    expect(roster.body.length).toBeLessThan(JSON.stringify(members).length / 2);
    const plain = await get('/api/branches/b1/members', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual(members);
    // A small answer is not worth it.
    const me = await get('/api/me', 'gzip');
    expect(me.headers['content-encoding']).toBeUndefined();
  });
});

describe('/metrics', () => {
  it('answers a scraper on this machine without a token, but not one behind a proxy', async () => {
    const { server } = await startTestServer();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const proxied = await fetch(`${server.url}/metrics`, {
      headers: { 'X-Forwarded-For': '127.0.0.1' },
    });
    expect(proxied.status).toBe(403);
  });

  it('wants METRICS_TOKEN as a bearer token when it is set', async () => {
    const { server } = await startTestServer({ metricsToken: 'scrape-me' });
    const as = (authorization?: string) =>
      fetch(`${server.url}/metrics`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
    const none = await as();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await as('Bearer scrape-mf')).status).toBe(401);
    expect((await as('Bearer scrape-me-too')).status).toBe(401);
    const right = await as('Bearer scrape-me');
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('branchbook_');
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it.skipIf(!external)('refuses another machine without a token (403)', async () => {
    const { server } = await startTestServer({ host: '0.0.0.0' });
    expect((await fetch(`http://${external}:${server.port}/metrics`)).status).toBe(403);
  });

  it('tells loopback from other peers without believing forwarded headers', () => {
    const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
      ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
    expect(metricsAccess(req('127.0.0.1'), null)).toBe(200);
    expect(metricsAccess(req('::1'), null)).toBe(200);
    expect(metricsAccess(req('::ffff:127.0.0.1'), null)).toBe(200);
    expect(metricsAccess(req('10.1.2.3'), null)).toBe(403);
    expect(metricsAccess(req('10.1.2.3', { 'x-forwarded-for': '127.0.0.1' }), null)).toBe(403);
    expect(metricsAccess(req('127.0.0.1', { forwarded: 'for=10.1.2.3' }), null)).toBe(403);
    expect(metricsAccess(req('10.1.2.3', { authorization: 'Bearer t0k' }), 't0k')).toBe(200);
    expect(metricsAccess(req('127.0.0.1'), 't0k')).toBe(401);
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('security headers', () => {
  const bootstrap = '\n\t\t\t\t{ window.started = true; }\n\t\t\t';

  function builtApp(script: string): string {
    const dir = tempDir('branchbook-app-');
    mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><title>支部手记</title>` +
        `<script type="module" src="/_app/immutable/entry/start.v1.js"></script>` +
        `<div style="display: contents"><script>${script}</script></div>`,
    );
    writeFileSync(join(dir, '_app/immutable/entry/start.v1.js'), 'export const v = 1;');
    return dir;
  }

  const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

  it('go with the app, a deep link and API answers, allowing only its own script', async () => {
    const appDir = builtApp(bootstrap);
    const s = await startAuthServer({ appDir });
    const answers = {
      index: await fetch(`${s.server.url}/`),
      deepLink: await fetch(`${s.server.url}/plans/p1`),
      serviceWorker: await fetch(`${s.server.url}/service-worker.js`),
      api: await fetch(`${s.server.url}/api/me`),
      apiMissing: await fetch(`${s.server.url}/api/nope`),
      healthz: await fetch(`${s.server.url}/healthz`),
    };
    expect(answers.api.status).toBe(401);
    for (const [name, res] of Object.entries(answers)) {
      const headers = {
        name,
        nosniff: res.headers.get('x-content-type-options'),
        frame: res.headers.get('x-frame-options'),
        referrer: res.headers.get('referrer-policy'),
      };
      expect(headers).toEqual({ name, nosniff: 'nosniff', frame: 'DENY', referrer: 'no-referrer' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).toContain(`script-src 'self' ${sha(bootstrap)}`);
      expect(csp, name).toContain("connect-src 'self'");
      expect(csp, name).toContain("object-src 'none'");
      expect(csp, name).not.toContain('unsafe-eval');
      expect(csp, name).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
  });

  it('leave a hashed asset with nosniff only: no document is ever made of it', async () => {
    const { server } = await startTestServer({ appDir: builtApp(bootstrap) });
    const asset = await fetch(`${server.url}/_app/immutable/entry/start.v1.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    for (const header of ['content-security-policy', 'x-frame-options', 'referrer-policy']) {
      expect(asset.headers.get(header), header).toBeNull();
    }
  });

  it("follows a rebuild's new bootstrap script without a restart", async () => {
    const appDir = builtApp(bootstrap);
    const { server } = await startTestServer({ appDir });
    const before = (await fetch(`${server.url}/`)).headers.get('content-security-policy');
    expect(before).toContain(sha(bootstrap));
    const next = '{ window.started = 2; }';
    writeFileSync(
      join(appDir, 'index.html'),
      `<!doctype html><title>v2</title><script>${next}</script>`,
    );
    const after = (await fetch(`${server.url}/`)).headers.get('content-security-policy');
    expect(after).toContain(sha(next));
    expect(after).not.toContain(sha(bootstrap));
  });

  it('hash inline scripts exactly as written, and only those without src', () => {
    expect(
      inlineScriptHashes(
        '<script src="/a.js"></script><SCRIPT>x()</SCRIPT><script type="module">\n y()\n</script>',
      ),
    ).toEqual([sha('x()'), sha('\n y()\n')]);
  });
});
