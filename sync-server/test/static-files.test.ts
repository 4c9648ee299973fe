import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startTestServer, tempDir } from './helpers.ts';

/** A minimal built app: what `app/build` holds after `vite build`. */
function builtApp(): string {
  const dir = tempDir('branchbook-app-');
  mkdirSync(join(dir, '_app/immutable/entry'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>支部手记</title>');
  writeFileSync(join(dir, '_app/immutable/entry/start.v1.js'), 'export const v = 1;');
  writeFileSync(join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"支部手记"}');
  return dir;
}

describe('serving the built app compressed', () => {
  it('sends the precompressed copy the browser accepts, and the plain file to others', async () => {
    const appDir = builtApp();
    const plain = 'export const v = 1;'.repeat(200);
    const file = join(appDir, '_app/immutable/entry/start.v1.js');
    writeFileSync(file, plain);
    writeFileSync(`${file}.br`, brotliCompressSync(plain));
    writeFileSync(`${file}.gz`, gzipSync(plain));
    const { server } = await startTestServer({ appDir });
    const url = `${server.url}/_app/immutable/entry/start.v1.js`;
    const raw = (encoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
        (resolve, reject) => {
          const req = request(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          });
          req.on('error', reject);
          req.end();
        },
      );
    const br = await raw('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(plain.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(plain);
    const gz = await raw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(plain);
    const identity = await raw('identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString()).toBe(plain);
  });
});

describe('serving the built app', () => {
  it('caches hashed assets for a year and revalidates everything else', async () => {
    const appDir = builtApp();
    const { server } = await startTestServer({ appDir });
    const asset = await fetch(`${server.url}/_app/immutable/entry/start.v1.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const index = await fetch(`${server.url}/`);
    expect(await index.text()).toContain('支部手记');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const worker = await fetch(`${server.url}/service-worker.js`);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('service-worker-allowed')).toBe('/');
    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    // A deep link is the app (it routes on the client); a missing file is a 404.
    const deep = await fetch(`${server.url}/plans/p1`);
    expect(await deep.text()).toContain('支部手记');
    expect((await fetch(`${server.url}/_app/immutable/nope.js`)).status).toBe(404);
    // A revalidation of an unchanged file is a 304.
    const etag = asset.headers.get('etag') ?? '';
    const again = await fetch(`${server.url}/_app/immutable/entry/start.v1.js`, {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('serves a rebuild made under the running server, and keeps running', async () => {
    const appDir = builtApp();
    const { server } = await startTestServer({ appDir });
    expect((await fetch(`${server.url}/_app/immutable/entry/start.v1.js`)).status).toBe(200);

    // The deploy: the old build goes, the new one comes, while the server runs.
    rmSync(join(appDir, '_app'), { recursive: true });
    mkdirSync(join(appDir, '_app/immutable/entry'), { recursive: true });
    writeFileSync(join(appDir, '_app/immutable/entry/start.v2.js'), 'export const v = 2;');
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>支部手记 v2</title>');

    const fresh = await fetch(`${server.url}/_app/immutable/entry/start.v2.js`);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('v = 2');
    expect((await fetch(`${server.url}/_app/immutable/entry/start.v1.js`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('v2');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
