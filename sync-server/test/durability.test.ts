import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { sqliteRegistry } from '../src/storage/open-storage.ts';
import { Accounts } from '../src/auth/accounts.ts';
import { connectClient, nextClose, tempDir, waitForDoc, whenSynced } from './helpers.ts';
import { freePort, spawnServer } from './server-process.ts';

async function seedUsers(dataDir: string, users: string[]): Promise<string[]> {
  const store = await SqliteStore.open(dataDir);
  const auth = sqliteRegistry(store);
  const accounts = new Accounts(auth);
  await auth.addBranch({ id: 'b', name: '考古队临时党支部' });
  const tokens: string[] = [];
  for (const user of users) {
    await auth.addMember({ branchId: 'b', userId: user, role: 'committee', name: user });
    tokens.push(await accounts.issueToken(user));
  }
  await store.close();
  return tokens;
}

async function storedDoc(dataDir: string, name: string): Promise<Y.Doc> {
  const store = await SqliteStore.open(dataDir);
  const stored = await store.load(name);
  await store.close();
  const doc = new Y.Doc();
  if (stored.updates.length) Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
  return doc;
}

describe('durability of a real server process', () => {
  it('loses nothing any client had received when SIGKILLed mid-edit, and converges after restart', async () => {
    const dataDir = tempDir();
    const [writerToken = '', readerToken = ''] = await seedUsers(dataDir, ['w', 'r']);
    const port = await freePort();
    // The writer streams one update per macrotask, faster than a member's 300 messages a second:
    // closed with 4429, the stock client would stop reconnecting (y-websocket 3.1 treats 44xx as
    // final) and the test would wait for it forever. The stream is the point here, not the limit.
    const env = { DATA_DIR: dataDir, PORT: String(port), MAX_MESSAGES_PER_SECOND: '100000' };
    const first = await spawnServer(env);
    const wsUrl = `${first.url.replace('http', 'ws')}/sync`;

    const writer = connectClient(wsUrl, 'branch:b', { token: writerToken });
    const reader = connectClient(wsUrl, 'branch:b', { token: readerToken });
    await Promise.all([whenSynced(writer.provider), whenSynced(reader.provider)]);

    const total = 400;
    let sent = 0;
    const items = writer.doc.getArray<number>('items');
    const pump = () => {
      // Small transactions, one per macrotask, so the kill lands in the middle of a stream.
      if (sent >= total) return;
      items.push([sent++]);
      setImmediate(pump);
    };
    pump();

    await waitForDoc(reader.doc, (d) => d.getArray('items').length >= 100);
    const readerClosed = new Promise<number[]>((resolve) => {
      const onClose = () => {
        reader.provider.off('connection-close', onClose);
        resolve(reader.doc.getArray<number>('items').toArray());
      };
      reader.provider.on('connection-close', onClose);
    });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const seenByReader = await readerClosed;
    expect(seenByReader.length).toBeGreaterThanOrEqual(100);

    // Everything a client had received is in storage, though the process died without a flush.
    const afterKill = (await storedDoc(dataDir, 'branch:b')).getArray<number>('items').toArray();
    expect(afterKill).toEqual(expect.arrayContaining(seenByReader));

    // Restart on the same port: both providers reconnect by themselves and everything converges.
    await spawnServer(env);
    await waitForDoc(reader.doc, (d) => d.getArray('items').length === total);
    await waitForDoc(writer.doc, (d) => d.getArray('items').length === total);
    expect(reader.doc.getArray<number>('items').toArray()).toEqual(
      writer.doc.getArray<number>('items').toArray(),
    );
  });

  it('on SIGTERM stores what is pending, closes clients with 1012 and exits 0', async () => {
    const dataDir = tempDir();
    const [token = ''] = await seedUsers(dataDir, ['w']);
    const server = await spawnServer({ DATA_DIR: dataDir, PORT: '0' });
    const client = connectClient(`${server.url.replace('http', 'ws')}/sync`, 'branch:b', { token });
    await whenSynced(client.provider);
    const closed = nextClose(client.provider);
    client.doc.getMap('settings').set('memberTarget', 32);
    // The update is in flight when SIGTERM arrives; the server must still store it.
    await waitForDoc(client.doc, (d) => d.getMap('settings').get('memberTarget') === 32);
    server.child.kill('SIGTERM');
    expect((await closed).code).toBe(CLOSE.restarting);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect((await storedDoc(dataDir, 'branch:b')).getMap('settings').get('memberTarget')).toBe(32);
    expect(server.output()).not.toContain(token);
  });
});
