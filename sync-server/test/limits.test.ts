import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { connectClient, rawSocket, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('bounds and bad input', () => {
  it('closes a connection that sends a message over the maximum size with 1009', async () => {
    const { wsUrl } = await startTestServer({ limits: { maxMessageBytes: 64 * 1024 } });
    const socket = rawSocket(`${wsUrl}/study:big`);
    await socket.opened;
    socket.ws.send(new Uint8Array(100 * 1024));
    expect((await socket.closed).code).toBe(CLOSE.tooLarge);
  });

  it('keeps syncing one client while others flood malformed and oversized messages', async () => {
    const { wsUrl, server } = await startTestServer({ limits: { maxMessageBytes: 32 * 1024 } });
    const a = connectClient(wsUrl, 'plan:busy');
    const b = connectClient(wsUrl, 'plan:busy');
    await Promise.all([whenSynced(a.provider), whenSynced(b.provider)]);

    const attackers = Array.from({ length: 20 }, () => rawSocket(`${wsUrl}/plan:busy`));
    await Promise.all(attackers.map((s) => s.opened));
    attackers.forEach((socket, i) => {
      const kind = i % 4;
      if (kind === 0)
        socket.ws.send(new Uint8Array(64 * 1024)); // oversized
      else if (kind === 1)
        socket.ws.send(Uint8Array.of(0, 2, 200, 1, 2)); // truncated update
      else if (kind === 2)
        socket.ws.send(Uint8Array.of(9, 9, 9)); // unknown message type
      else socket.ws.send(syncUpdateMessage(Uint8Array.of(255, 255, 255, 255, 1))); // garbage update
    });
    for (let i = 0; i < 50; i++) a.doc.getArray<number>('n').push([i]);
    await waitForDoc(b.doc, (d) => d.getArray('n').length === 50);
    const codes = await Promise.all(attackers.map((s) => s.closed.then((c) => c.code)));
    expect(new Set(codes)).toEqual(new Set([CLOSE.tooLarge, CLOSE.badRequest]));
    // The document is intact for a newcomer.
    const c = connectClient(wsUrl, 'plan:busy');
    await whenSynced(c.provider);
    expect(c.doc.getArray('n').toArray()).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(server.rooms.size).toBe(1);
  });

  it('closes a connection that sends faster than the message rate with 4429', async () => {
    const { wsUrl } = await startTestServer({ limits: { messagesPerSecond: 20 } });
    const socket = rawSocket(`${wsUrl}/study:fast`);
    await socket.opened;
    const doc = new Y.Doc();
    for (let i = 0; i < 200; i++) {
      doc.getMap('m').set('k', i);
      socket.ws.send(syncUpdateMessage(Y.encodeStateAsUpdate(doc)));
    }
    expect((await socket.closed).code).toBe(CLOSE.rateLimited);
  });

  it('refuses new connections from an IP past its per-minute limit with 429', async () => {
    const { wsUrl } = await startTestServer({ limits: { connectionsPerMinutePerIp: 3 } });
    for (let i = 0; i < 3; i++) await rawSocket(`${wsUrl}/study:x`).opened;
    const refused = rawSocket(`${wsUrl}/study:x`);
    await expect(refused.opened).rejects.toThrow(/429/);
  });

  it('refuses an update that would grow a document past its maximum size with 4413', async () => {
    const { wsUrl, store } = await startTestServer({ limits: { maxDocBytes: 4096 } });
    const socket = rawSocket(`${wsUrl}/lesson:huge`);
    await socket.opened;
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(8000));
    socket.ws.send(syncUpdateMessage(Y.encodeStateAsUpdate(doc)));
    expect((await socket.closed).code).toBe(CLOSE.docTooLarge);
    expect((await store.load('lesson:huge')).updates).toHaveLength(0);
  });
});
