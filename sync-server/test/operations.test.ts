import { describe, expect, it } from 'vitest';
import { connectClient, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

describe('operations endpoints', () => {
  it('answers /healthz while storage is reachable and 503 when it is not', async () => {
    const { server, store } = await startTestServer();
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
    await store.close();
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
  });

  it('exposes Prometheus metrics for connections, docs, updates and persistence', async () => {
    const { server, wsUrl } = await startTestServer();
    const a = connectClient(wsUrl, 'study:m');
    const b = connectClient(wsUrl, 'study:m');
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
    a.doc.getMap('entries').set('x', 1);
    await waitForDoc(b.doc, (d) => d.getMap('entries').get('x') === 1);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^branchbook_connections 2$/m);
    expect(text).toMatch(/^branchbook_loaded_docs 1$/m);
    expect(text).toMatch(/^branchbook_updates_in_total [1-9]/m);
    expect(text).toMatch(/^branchbook_updates_out_total [1-9]/m);
    expect(text).toMatch(/^branchbook_bytes_stored_total [1-9]/m);
    expect(text).toMatch(/^branchbook_persist_seconds_count [1-9]/m);
    expect(text).toMatch(/^# TYPE branchbook_dropped_readonly_writes_total counter$/m);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { server } = await startTestServer();
    const res = await fetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such API' } });
  });
});
