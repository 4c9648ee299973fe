import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startTestServer, whenSynced } from './helpers.ts';

/** A client with no test teardown registered: the helpers' teardown closures would keep it alive. */
function shortLivedClient(
  wsUrl: string,
  docName: string,
): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider };
}

function heapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (the sync-server vitest project sets it)');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function untilUnloaded(rooms: { size: number }): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (rooms.size === 0 ? resolve() : setImmediate(check));
    check();
  });
}

describe('memory', () => {
  it('returns near baseline after thousands of documents have come and gone', async () => {
    const { wsUrl, server, store } = await startTestServer({
      idleUnloadMs: 0,
      limits: { connectionsPerMinutePerIp: 1_000_000 },
    });
    const churn = async (from: number, count: number) => {
      for (let batch = from; batch < from + count; batch += 50) {
        const clients = Array.from({ length: 50 }, (_, i) =>
          shortLivedClient(wsUrl, `study:churn${batch + i}`),
        );
        await Promise.all(clients.map((c) => whenSynced(c.provider)));
        for (const c of clients) c.doc.getMap('entries').set('e', { title: '学习'.repeat(50) });
        await server.rooms.flushAll();
        for (const c of clients) {
          c.provider.destroy();
          c.doc.destroy();
        }
        await untilUnloaded(server.rooms);
      }
    };
    // Warm up code paths and caches before taking the baseline.
    await churn(0, 200);
    const baseline = heapMB();
    await churn(200, 2000);
    const after = heapMB();
    expect(server.rooms.size).toBe(0);
    expect((await server.metrics.loadedDocs.get()).values[0]?.value).toBe(0);
    // 2,000 documents held in memory would cost well over 10 MB; after unloading we keep < 5 MB.
    expect(after - baseline).toBeLessThan(5);
    expect((await store.load('study:churn1999')).updates.length).toBeGreaterThan(0);
  }, 120_000);
});
