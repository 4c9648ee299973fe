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
import type { RegistryStore } from '../src/auth/registry-store.ts';
import { sqliteRegistry } from '../src/storage/open-storage.ts';
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
    wsPingIntervalMs: 30_000,
    httpIdleTimeoutMs: 15_000,
    accessCheckIntervalMs: 100,
    timeZone: 'Asia/Shanghai',
    metricsToken: null,
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
  const store = (deps.store as SqliteStore | undefined) ?? (await SqliteStore.open(config.dataDir));
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
  auth: RegistryStore;
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
  const store = await SqliteStore.open(config.dataDir);
  const auth = sqliteRegistry(store);
  const accounts = new Accounts(auth);
  const base = await startTestServer(config, {
    store,
    access: new DocumentAccess(auth, accounts),
    accessChanges: auth,
    api: apiRoutes({ auth, accounts, trustProxy: config.trustProxy, timeZone: config.timeZone }),
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

/** What a test passes to one API call. */
export interface CallInit {
  /** The caller's bearer token; absent or null: signed out. */
  token?: string | null | undefined;
  /** Sent as JSON; a string is sent as it is (to test invalid JSON). */
  body?: unknown;
  /** The client address, as a proxy in front of the server would pass it in X-Forwarded-For. */
  from?: string;
}

/** An API answer: status, the code of a refusal, and the parsed JSON (null when empty). */
export interface CallAnswer {
  status: number;
  code: unknown;
  // Tests read answers of every endpoint; each test checks the shape it expects.
  body: ReturnType<typeof JSON.parse>;
}

/**
 * One HTTP API call against a test server.
 * @example const { status, code } = await call(s, 'POST', '/api/plans', { token, body: { id: 'p1' } });
 */
export async function call(
  target: { server: { url: string } },
  method: string,
  path: string,
  init: CallInit = {},
): Promise<CallAnswer> {
  const { token, body, from } = init;
  const res = await fetch(`${target.server.url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(from ? { 'X-Forwarded-For': from } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json: ReturnType<typeof JSON.parse> = text ? JSON.parse(text) : null;
  const error = (json as { error?: { code?: unknown } } | null)?.error;
  return { status: res.status, code: error?.code, body: json };
}

/** `call` as one caller (`token`, or signed out): `apiAs(s, token)('GET', '/api/me')`. */
export function apiAs(target: { server: { url: string } }, token: string | null) {
  return (method: string, path: string, body?: unknown) =>
    call(target, method, path, { token, body });
}
