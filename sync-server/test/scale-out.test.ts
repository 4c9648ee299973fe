import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { openStorage } from '../src/storage/open-storage.ts';
import { Accounts } from '../src/auth/accounts.ts';
import { connectClient, nextClose, waitForDoc, whenSynced } from './helpers.ts';
import { freePort, spawnServer, type ServerProcess } from './server-process.ts';
import { DATABASE_URL, REDIS_URL, freshSchema, servicesMissing } from './services.ts';
import { TcpProxy } from './tcp-proxy.ts';

async function seed(
  schema: string,
  users: string[],
  databaseUrl = DATABASE_URL,
): Promise<string[]> {
  const storage = await openStorage({ dataDir: '', databaseUrl, databaseSchema: schema });
  const accounts = new Accounts(storage.auth);
  await storage.auth.addBranch({ id: 'b', name: '联建支部' });
  const tokens: string[] = [];
  for (const user of users) {
    await storage.auth.addMember({ branchId: 'b', userId: user, role: 'committee', name: user });
    tokens.push(await accounts.issueToken(user));
  }
  await storage.close();
  return tokens;
}

function wsUrlOf(server: ServerProcess): string {
  return `${server.url.replace('http', 'ws')}/sync`;
}

function clusterEnv(schema: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

function awarenessNames(provider: {
  awareness: { getStates(): Map<number, Record<string, unknown>> };
}): string[] {
  return [...provider.awareness.getStates().values()]
    .map((s) => (s.user as { name?: string } | undefined)?.name)
    .filter((n): n is string => !!n)
    .sort();
}

function whenAwareness(
  provider: Parameters<typeof awarenessNames>[0] & {
    awareness: { on(e: string, f: () => void): void; off(e: string, f: () => void): void };
  },
  names: string[],
): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (JSON.stringify(awarenessNames(provider)) !== JSON.stringify([...names].sort())) return;
      provider.awareness.off('change', check);
      resolve();
    };
    provider.awareness.on('change', check);
    check();
  });
}

/** A private redis-server the test may stop and restart without touching the shared one. */
async function privateRedis(port: number): Promise<{ stop: () => Promise<void> }> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onTestFinished(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  return {
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe.skipIf(servicesMissing)('scale-out: several processes on PostgreSQL and Redis', () => {
  it('converges clients on three processes, awareness included', async () => {
    const schema = freshSchema();
    const tokens = await seed(schema, ['u0', 'u1', 'u2']);
    const servers = await Promise.all([0, 1, 2].map(() => spawnServer(clusterEnv(schema))));
    const clients = servers.map((server, i) =>
      connectClient(wsUrlOf(server), 'branch:b', { token: tokens[i] ?? '' }),
    );
    await Promise.all(clients.map((c) => whenSynced(c.provider)));
    clients.forEach((c, i) => {
      c.provider.awareness.setLocalStateField('user', { name: `user${i}` });
      c.doc.getMap('settings').set(`from${i}`, i);
    });
    for (const [i, c] of clients.entries()) {
      await waitForDoc(c.doc, (d) =>
        [0, 1, 2].every((i) => d.getMap('settings').get(`from${i}`) === i),
      );
      // Others see the name from the server's records (seeded as the user id), whatever a
      // client claims; its own state stays as it set it.
      await whenAwareness(
        c.provider,
        [0, 1, 2].map((j) => (j === i ? `user${j}` : `u${j}`)),
      );
    }
    for (const c of clients)
      expect(c.doc.getMap('settings').toJSON()).toEqual({ from0: 0, from1: 1, from2: 2 });
  });

  it('closes open sockets on every process when a token is revoked elsewhere (the admin CLI)', async () => {
    const schema = freshSchema();
    const [token = ''] = await seed(schema, ['u0']);
    const servers = await Promise.all([0, 1].map(() => spawnServer(clusterEnv(schema))));
    const clients = servers.map((server) => connectClient(wsUrlOf(server), 'branch:b', { token }));
    await Promise.all(clients.map((c) => whenSynced(c.provider)));
    const closed = clients.map((c) => nextClose(c.provider));
    const storage = await openStorage({
      dataDir: '',
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
    });
    await storage.auth.revokeTokensOfUser('u0');
    await storage.close();
    for (const close of closed) expect((await close).code).toBe(CLOSE.unauthorized);
  });

  it('loses nothing when a process is SIGKILLed mid-edit; its clients reconnect to another and converge', async () => {
    const schema = freshSchema();
    const [writerToken = '', readerToken = ''] = await seed(schema, ['w', 'r']);
    const a = await spawnServer(clusterEnv(schema));
    const b = await spawnServer(clusterEnv(schema));
    const writer = connectClient(wsUrlOf(a), 'branch:b', { token: writerToken });
    const reader = connectClient(wsUrlOf(b), 'branch:b', { token: readerToken });
    await Promise.all([whenSynced(writer.provider), whenSynced(reader.provider)]);

    const total = 300;
    let sent = 0;
    const pump = () => {
      if (sent >= total) return;
      writer.doc.getArray<number>('items').push([sent++]);
      setImmediate(pump);
    };
    pump();
    await waitForDoc(reader.doc, (d) => d.getArray('items').length >= 50);
    a.child.kill('SIGKILL');
    await a.exited;
    const seen = reader.doc.getArray<number>('items').toArray();

    const storage = await openStorage({
      dataDir: '',
      databaseUrl: DATABASE_URL,
      databaseSchema: schema,
    });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates((await storage.docs.load('branch:b')).updates));
    await storage.close();
    expect(stored.getArray<number>('items').toArray()).toEqual(expect.arrayContaining(seen));

    // The writer's device reconnects to the surviving process with everything it holds.
    writer.provider.destroy();
    connectClient(wsUrlOf(b), 'branch:b', { token: writerToken }, writer.doc);
    await waitForDoc(reader.doc, (d) => d.getArray('items').length === total);
    expect(reader.doc.getArray<number>('items').toArray()).toEqual(
      writer.doc.getArray<number>('items').toArray(),
    );
  });

  it('converges after Redis restarts mid-edit', async () => {
    const schema = freshSchema();
    const [t1 = '', t2 = ''] = await seed(schema, ['x', 'y']);
    const redisPort = await freePort();
    const redis = await privateRedis(redisPort);
    const env = clusterEnv(schema, { REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    const a = await spawnServer(env);
    const b = await spawnServer(env);
    const one = connectClient(wsUrlOf(a), 'branch:b', { token: t1 });
    const two = connectClient(wsUrlOf(b), 'branch:b', { token: t2 });
    await Promise.all([whenSynced(one.provider), whenSynced(two.provider)]);
    one.doc.getMap('m').set('before', 1);
    await waitForDoc(two.doc, (d) => d.getMap('m').get('before') === 1);

    await redis.stop();
    // Written while Redis is down: stored in PostgreSQL, but no process can hear of it.
    one.doc.getMap('m').set('during', 2);
    two.doc.getMap('m').set('duringToo', 3);
    await privateRedis(redisPort);
    await waitForDoc(two.doc, (d) => d.getMap('m').get('during') === 2);
    await waitForDoc(one.doc, (d) => d.getMap('m').get('duringToo') === 3);
    one.doc.getMap('m').set('after', 4);
    await waitForDoc(two.doc, (d) => d.getMap('m').get('after') === 4);
  });

  it('refuses writes with 4503 and fails health while PostgreSQL is unreachable, and recovers', async () => {
    const schema = freshSchema();
    const pg = new URL(DATABASE_URL);
    const proxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
    const proxyPort = await proxy.start();
    const viaProxy = new URL(DATABASE_URL);
    viaProxy.port = String(proxyPort);
    const [token = ''] = await seed(schema, ['p']);
    const server = await spawnServer(clusterEnv(schema, { DATABASE_URL: viaProxy.toString() }));
    const client = connectClient(wsUrlOf(server), 'branch:b', { token });
    await whenSynced(client.provider);
    client.doc.getMap('m').set('stored', 1);
    await waitForDoc(client.doc, (d) => d.getMap('m').get('stored') === 1);

    await proxy.cut();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    const closed = nextClose(client.provider);
    client.doc.getMap('m').set('notStorable', 2);
    expect((await closed).code).toBe(CLOSE.storageUnavailable);

    await proxy.start(proxyPort);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The device still holds its edit and delivers it once storage is back.
    client.provider.shouldConnect = true;
    client.provider.connect();
    const fresh = connectClient(wsUrlOf(server), 'branch:b', { token });
    await waitForDoc(
      fresh.doc,
      (d) => d.getMap('m').get('notStorable') === 2 && d.getMap('m').get('stored') === 1,
    );
  });
});
