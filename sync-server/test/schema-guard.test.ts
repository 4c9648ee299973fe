import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, metaMap } from '@branchbook/model';
import { CLOSE } from '@branchbook/protocol';
import { connectClient, nextClose, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

/** A server that knows lesson schema 2 (shipped: title and subtitle are character-wise texts). */
const LESSON_V2 = { ...SCHEMA_VERSION, lesson: 2 };

async function storedDoc(store: { load(name: string): Promise<{ updates: Uint8Array[] }> }) {
  const doc = new Y.Doc();
  const { updates } = await store.load('lesson:l1');
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

describe('minWriterVersion', () => {
  it('closes a client writing with a schema older than the document requires (4426), storing nothing of it', async () => {
    const { wsUrl, server, store } = await startTestServer({}, { schemaVersions: LESSON_V2 });
    const modern = connectClient(wsUrl, 'lesson:l1', { schema: '2' });
    await whenSynced(modern.provider);
    modern.doc.transact(() => {
      metaMap(modern.doc).set('schemaVersion', 2);
      metaMap(modern.doc).set('minWriterVersion', 2);
    });
    const old = connectClient(wsUrl, 'lesson:l1', { schema: '1' });
    const undeclared = connectClient(wsUrl, 'lesson:l1');
    await waitForDoc(old.doc, (d) => metaMap(d).get('minWriterVersion') === 2);
    await waitForDoc(undeclared.doc, (d) => metaMap(d).get('minWriterVersion') === 2);

    const oldClosed = nextClose(old.provider);
    const undeclaredClosed = nextClose(undeclared.provider);
    old.doc.getText('body').insert(0, 'old client text');
    undeclared.doc.getText('body').insert(0, 'stock client text');
    expect((await oldClosed).code).toBe(CLOSE.clientTooOld);
    expect((await undeclaredClosed).code).toBe(CLOSE.clientTooOld);
    const observer = connectClient(wsUrl, 'lesson:l1', { schema: '2' });
    modern.doc.getText('title').insert(0, '新时代党课');
    // The server stores before it relays: once the observer has the title, it is stored.
    await waitForDoc(observer.doc, (d) => d.getText('title').toString() === '新时代党课');

    const stored = await storedDoc(store);
    expect(stored.getText('title').toString()).toBe('新时代党课');
    expect(stored.getText('body').toString()).toBe('');
    expect(modern.doc.getText('body').toString()).toBe('');
    const dropped = (await server.metrics.droppedReadOnlyWrites.get()).values.find(
      (v) => v.labels.reason === 'client-too-old',
    );
    expect(dropped?.value).toBeGreaterThanOrEqual(2);
  });

  it('a writer cannot lock others out by raising minWriterVersion past any shipped app', async () => {
    const { wsUrl, server, store } = await startTestServer();
    // The attack: declare a schema from the future and raise the gate to it.
    const attacker = connectClient(wsUrl, 'lesson:l1', { schema: '999999' });
    await whenSynced(attacker.provider);
    attacker.doc.transact(() => metaMap(attacker.doc).set('minWriterVersion', 999_999));
    const current = String(SCHEMA_VERSION.lesson);
    const lead = connectClient(wsUrl, 'lesson:l1', { schema: current });
    await waitForDoc(lead.doc, (d) => metaMap(d).get('minWriterVersion') === 999_999);
    lead.doc.getText('body').insert(0, '牵头支部的文字');
    await waitForDoc(attacker.doc, (d) => d.getText('body').toString() === '牵头支部的文字');
    await server.rooms.flushAll();
    expect((await storedDoc(store)).getText('body').toString()).toBe('牵头支部的文字');
    expect(lead.provider.wsconnected).toBe(true);
  });
});
