import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import {
  CLOSE,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  decodeSavedMessage,
  isCoveredBy,
} from '@branchbook/protocol';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { connectClient, rawSocket, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

describe('sync through /sync/<docName> with the stock y-websocket client', () => {
  it('relays an edit from one client to another', async () => {
    const { wsUrl } = await startTestServer();
    const a = connectClient(wsUrl, 'study:alice');
    const b = connectClient(wsUrl, 'study:alice');
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);
    a.doc.getMap('entries').set('x', 'hello');
    await waitForDoc(b.doc, (doc) => doc.getMap('entries').get('x') === 'hello');
    expect(b.doc.getMap('entries').toJSON()).toEqual({ x: 'hello' });
  });

  it('serves the next client after an acknowledgement with nothing to store', async () => {
    const { wsUrl } = await startTestServer();
    // An empty client asks for acknowledgements: its sync step 2 stores nothing, only acks.
    const a = connectClient(wsUrl, 'plan:acks', { saved: '1' });
    await whenSynced(a.provider);
    a.doc.getMap('plan').set('theme', '重温入党誓词');
    const b = connectClient(wsUrl, 'plan:acks', { saved: '1' });
    await whenSynced(b.provider);
    await waitForDoc(b.doc, (doc) => doc.getMap('plan').get('theme') === '重温入党誓词');
    const c = connectClient(wsUrl, 'plan:acks', { saved: '1' });
    await whenSynced(c.provider);
    expect(c.doc.getMap('plan').get('theme')).toBe('重温入党誓词');
  });

  it('keeps documents across a server restart', async () => {
    const first = await startTestServer();
    const a = connectClient(first.wsUrl, 'plan:p1');
    await whenSynced(a.provider);
    a.doc.getText('purpose').insert(0, '重温入党誓词');
    await first.server.rooms.flushAll();
    // Wait until the server actually stored it, observed through storage, not time.
    await waitForDoc(a.doc, () => true);
    a.provider.destroy();
    await first.server.close();
    await first.store.close();

    const second = await startTestServer({ dataDir: first.dataDir });
    const b = connectClient(second.wsUrl, 'plan:p1');
    await whenSynced(b.provider);
    expect(b.doc.getText('purpose').toString()).toBe('重温入党誓词');
  });

  it('never serves a document before it is loaded from storage', async () => {
    const { wsUrl, dataDir, server, store } = await startTestServer();
    // Write straight to storage, as if a previous process had stored it.
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'stored before');
    await store.append('lesson:l1', Y.encodeStateAsUpdate(seed));
    expect(dataDir).toBeTruthy();
    const client = connectClient(wsUrl, 'lesson:l1');
    await whenSynced(client.provider);
    // The first sync already holds the stored text: no empty doc was served first.
    expect(client.doc.getText('t').toString()).toBe('stored before');
    expect(server.rooms.size).toBe(1);
  });

  it('refuses a malformed document name with 4400', async () => {
    const { wsUrl } = await startTestServer();
    const { closed } = rawSocket(`${wsUrl}/notakind:x`);
    expect((await closed).code).toBe(CLOSE.badRequest);
  });

  it('closes only the sender of a malformed message', async () => {
    const { wsUrl } = await startTestServer();
    const good = connectClient(wsUrl, 'study:bob');
    await whenSynced(good.provider);
    const bad = rawSocket(`${wsUrl}/study:bob`);
    await bad.opened;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint(encoder, 50); // claims 50 bytes, sends 3
    encoding.writeUint8(encoder, 1);
    bad.ws.send(encoding.toUint8Array(encoder));
    expect((await bad.closed).code).toBe(CLOSE.badRequest);
    good.doc.getMap('m').set('still', 'working');
    const other = connectClient(wsUrl, 'study:bob');
    await waitForDoc(other.doc, (doc) => doc.getMap('m').get('still') === 'working');
  });

  it('unloads documents nobody is connected to', async () => {
    const { wsUrl, server, store } = await startTestServer();
    const client = connectClient(wsUrl, 'branch:b1');
    await whenSynced(client.provider);
    client.doc.getMap('settings').set('target', 32);
    expect(server.rooms.size).toBe(1);
    client.provider.destroy();
    await new Promise<void>((resolve) => {
      const check = () => (server.rooms.size === 0 ? resolve() : setImmediate(check));
      check();
    });
    const stored = await store.load('branch:b1');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
    expect(doc.getMap('settings').get('target')).toBe(32);
    expect(store).toBeInstanceOf(SqliteStore);
  });

  it('acknowledges stored state to clients that ask, and keeps relaying after an ack-only flush', async () => {
    const { wsUrl } = await startTestServer();
    let lastAck = new Map<number, number>();
    let onAck = () => {};
    const a = connectClient(wsUrl, 'study:acks', { saved: '1' });
    a.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder: decoding.Decoder) => {
      lastAck = decodeSavedMessage(decoder);
      onAck();
    };
    await whenSynced(a.provider);
    // An up-to-date client with nothing to store gets an acknowledgement all the same.
    const b = connectClient(wsUrl, 'study:acks', { saved: '1' });
    await whenSynced(b.provider);
    const c = connectClient(wsUrl, 'study:acks', { saved: '1' });
    await whenSynced(c.provider);

    a.doc.getMap('entries').set('e', '学习');
    await waitForDoc(b.doc, (d) => d.getMap('entries').get('e') === '学习');
    await waitForDoc(c.doc, (d) => d.getMap('entries').get('e') === '学习');
    const local = Y.decodeStateVector(Y.encodeStateVector(a.doc));
    await new Promise<void>((resolve) => {
      onAck = () => {
        if (isCoveredBy(local, lastAck)) resolve();
      };
      onAck();
    });
  });
  it('relays a burst stored together as one frame to each peer, and none back to its sender', async () => {
    const { wsUrl } = await startTestServer();
    /** Applies every relayed update a raw socket receives to a doc of its own, counting frames. */
    const watch = (socket: ReturnType<typeof rawSocket>) => {
      const view = new Y.Doc();
      let frames = 0;
      const joined = new Promise<void>((resolve) =>
        socket.ws.on('message', (data: Buffer) => {
          const decoder = decoding.createDecoder(new Uint8Array(data));
          // The server's own sync step 1 comes first, on join.
          if (decoding.readVarUint(decoder) === MESSAGE_SYNC) {
            if (decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate) {
              frames++;
              Y.applyUpdate(view, decoding.readVarUint8Array(decoder));
            }
          }
          resolve();
        }),
      );
      return { view, joined, frames: () => frames };
    };
    const sender = rawSocket(`${wsUrl}/study:burst`);
    const receiver = rawSocket(`${wsUrl}/study:burst`);
    const sent = watch(sender);
    const received = watch(receiver);
    await Promise.all([sent.joined, received.joined]);

    // Twenty edits written in one go: they reach the server in one read and are stored together.
    const local = new Y.Doc();
    const burst: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => burst.push(update));
    for (let i = 0; i < 20; i++) local.getMap('entries').set(`e${i}`, i);
    for (const update of burst) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      sender.ws.send(encoding.toUint8Array(encoder));
    }

    await waitForDoc(received.view, (doc) => doc.getMap('entries').size === 20);
    expect(received.view.getMap('entries').get('e19')).toBe(19);
    // The relay used to send one frame per update: twenty here.
    expect(received.frames()).toBeLessThan(20);
    expect(sent.frames()).toBe(0);
  });
});
