import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { metaMap } from '@branchbook/model';
import { connectClient, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

describe('minWriterVersion', () => {
  it('drops writes from a client declaring a schema older than the document requires', async () => {
    const { wsUrl, server, store } = await startTestServer();
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

    old.doc.getText('body').insert(0, 'old client text');
    undeclared.doc.getText('body').insert(0, 'stock client text');
    modern.doc.getText('title').insert(0, '新时代党课');
    await waitForDoc(old.doc, (d) => d.getText('title').toString() === '新时代党课');
    await server.rooms.flushAll();

    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates((await store.load('lesson:l1')).updates));
    expect(stored.getText('title').toString()).toBe('新时代党课');
    expect(stored.getText('body').toString()).toBe('');
    expect(modern.doc.getText('body').toString()).toBe('');
    const dropped = (await server.metrics.droppedReadOnlyWrites.get()).values.find(
      (v) => v.labels.reason === 'client-too-old',
    );
    expect(dropped?.value).toBeGreaterThanOrEqual(2);
  });
});
