import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import { DocSession } from './doc-session.svelte.ts';
import { WaitingDocs } from './waiting-docs.svelte.ts';

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  // Offline from the start: the session keeps to this device (and its other tabs).
  vi.stubGlobal('navigator', { onLine: false });
  // Named by y-websocket when it is built; never opened while offline.
  vi.stubGlobal('WebSocket', class {});
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const open = (name: string, waiting: WaitingDocs) =>
  new DocSession(name, { serverUrl: 'ws://127.0.0.1:9/sync', waiting });

describe('DocSession marks what waits for the server', () => {
  it('marks a doc changed here, and keeps the mark after it closes', async () => {
    const waiting = new WaitingDocs(memoryStorage());
    const session = open('plan:w1', waiting);
    await session.ready;
    expect(waiting.has('plan:w1')).toBe(false);
    session.doc.getMap('plan').set('theme', '联学');
    expect(waiting.has('plan:w1')).toBe(true);
    expect(waiting.closedWaiting()).toEqual([]);
    await session.flushed();
    await session.destroy();
    expect(waiting.closedWaiting()).toEqual(['plan:w1']);
  });

  it('marks on opening a doc whose content the server never confirmed', async () => {
    const first = open('plan:w2', new WaitingDocs(memoryStorage()));
    await first.ready;
    first.doc.getMap('plan').set('theme', '联学');
    await first.flushed();
    await first.destroy();

    // The list was lost (an older version kept none): the device copy still tells.
    const waiting = new WaitingDocs(memoryStorage());
    const again = open('plan:w2', waiting);
    await again.ready;
    expect(waiting.has('plan:w2')).toBe(true);
    await again.destroy();
  });

  it('clears the mark once what the server confirmed covers the doc', async () => {
    const waiting = new WaitingDocs(memoryStorage());
    const first = open('plan:w3', waiting);
    await first.ready;
    first.doc.getMap('plan').set('theme', '联学');
    const vector = [...Y.decodeStateVector(Y.encodeStateVector(first.doc))];
    await first.flushed();
    await first.destroy();
    expect(waiting.has('plan:w3')).toBe(true);

    // As the session stores a `saved` acknowledgement: the server's vector, kept with the copy.
    const note = new IndexeddbPersistence('branchbook:plan:w3', new Y.Doc());
    await note.whenSynced;
    await note.set('branchbook:server-vector', JSON.stringify(vector));
    await note.destroy();

    const again = open('plan:w3', waiting);
    await again.ready;
    expect(again.serverCovered).toBe(true);
    expect(waiting.has('plan:w3')).toBe(false);
    await again.destroy();
  });

  it('never marks a doc kept on this device only', async () => {
    const waiting = new WaitingDocs(memoryStorage());
    const session = new DocSession('plan:w4', { sync: false, waiting });
    await session.ready;
    session.doc.getMap('plan').set('theme', '联学');
    expect(waiting.count).toBe(0);
    await session.destroy();
  });
});
