import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { pino } from 'pino';
import { DEFAULT_LIMITS, type Config, type Limits } from '../src/config.ts';
import { startServer, type RunningServer, type ServerDeps } from '../src/server.ts';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { openAccess } from '../src/auth/access-policy.ts';
import { SqliteAuthStore } from '../src/auth/sqlite-auth-store.ts';
import { Accounts } from '../src/auth/accounts.ts';
import { DocumentAccess } from '../src/auth/document-access.ts';
import { apiRoutes } from '../src/api/api-routes.ts';
import { Metrics } from '../src/metrics.ts';

// Every stock WebsocketProvider adds a process 'exit' listener in Node; tests open dozens at once.
process.setMaxListeners(0);

export interface TestServer {
  server: RunningServer;
  store: SqliteStore;
  dataDir: string;
  wsUrl: string;
}

export function tempDir(prefix = 'branchbook-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type ConfigOverrides = Omit<Partial<Config>, 'limits'> & { limits?: Partial<Limits> };

export function testConfig(overrides: ConfigOverrides = {}): Config {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: overrides.dataDir ?? tempDir(),
    appDir: null,
    idleUnloadMs: 0,
    compactThreshold: 500,
    logLevel: 'silent',
    trustProxy: false,
    databaseUrl: null,
    databaseSchema: 'public',
    redisUrl: null,
    ...overrides,
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
  };
}

/** A real server on port 0 with SQLite in a temp dir, stopped when the test ends. */
export async function startTestServer(
  overrides: ConfigOverrides = {},
  deps: Partial<ServerDeps> = {},
): Promise<TestServer> {
  const config = testConfig(overrides);
  const store = (deps.store as SqliteStore | undefined) ?? SqliteStore.open(config.dataDir);
  const server = await startServer(config, {
    access: openAccess,
    log: pino({ level: 'silent' }),
    metrics: new Metrics(false),
    ...deps,
    store,
  });
  onTestFinished(async () => {
    await server.close();
    await store.close();
  });
  return {
    server,
    store,
    dataDir: config.dataDir,
    wsUrl: `${server.url.replace('http', 'ws')}/sync`,
  };
}

export interface AuthTestServer extends TestServer {
  auth: SqliteAuthStore;
  accounts: Accounts;
  /** Adds a member to a branch (creating the branch if needed) and returns a token for them. */
  member(
    branchId: string,
    userId: string,
    role: 'secretary' | 'committee' | 'member',
  ): Promise<string>;
}

/** A real server with the real auth records, access policy and API. */
export async function startAuthServer(overrides: ConfigOverrides = {}): Promise<AuthTestServer> {
  const config = testConfig(overrides);
  const store = SqliteStore.open(config.dataDir);
  const auth = new SqliteAuthStore(store.db);
  const accounts = new Accounts(auth);
  const base = await startTestServer(config, {
    store,
    access: new DocumentAccess(auth, accounts),
    api: apiRoutes({ auth, accounts }),
  });
  return {
    ...base,
    auth,
    accounts,
    async member(branchId, userId, role) {
      if (!(await auth.getBranch(branchId)))
        await auth.addBranch({ id: branchId, name: `支部 ${branchId}` });
      await auth.addMember({ branchId, userId, role, name: `成员 ${userId}` });
      return accounts.issueToken(userId, 'test');
    },
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** A stock y-websocket client in Node, destroyed when the test ends. */
export function connectClient(
  wsUrl: string,
  docName: string,
  params: Record<string, string> = {},
  doc = new Y.Doc(),
): TestClient {
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  });
  onTestFinished(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider };
}

export function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Resolves when `predicate(doc)` holds, checked after each update of the doc. */
export function waitForDoc(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate(doc)) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

export interface Closed {
  code: number;
  reason: string;
}

/** Opens a raw WebSocket and resolves with how the server closed it. */
export function rawSocket(url: string): {
  ws: WebSocket;
  closed: Promise<Closed>;
  opened: Promise<void>;
} {
  const ws = new WebSocket(url);
  onTestFinished(() => ws.terminate());
  const closed = new Promise<Closed>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, closed, opened };
}

/** Waits for the next WebSocket close event the provider sees. */
export function nextClose(provider: WebsocketProvider): Promise<Closed> {
  return new Promise((resolve) => {
    const handler = (event: { code: number; reason: string } | null) => {
      provider.off('connection-close', handler);
      provider.shouldConnect = false;
      resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' });
    };
    provider.on('connection-close', handler);
  });
}
