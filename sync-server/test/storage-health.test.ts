import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, openSync, closeSync, writeSync } from 'node:fs';
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { classifyStorageError } from '../src/storage/storage-health.ts';
import type { DocStore } from '../src/storage/doc-store.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { PgStore, quoteIdent } from '../src/storage/pg-store.ts';
import { startServer } from '../src/server.ts';
import { openAccess } from '../src/auth/access-policy.ts';
import { Metrics } from '../src/metrics.ts';
import { Accounts } from '../src/auth/accounts.ts';
import {
  connectClient,
  nextClose,
  rawSocket,
  startAuthServer,
  startTestServer,
  tempDir,
  testConfig,
  whenSynced,
} from './helpers.ts';
import { spawnServer } from './server-process.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const DB_FILE = 'branchbook.sqlite';
const isRoot = process.getuid?.() === 0;

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: await res.json() };
}

/** A data directory holding one branch, one member and their token, closed cleanly. */
async function preparedDataDir(): Promise<{ dataDir: string; token: string }> {
  const dataDir = tempDir();
  const storage = await openStorage({ dataDir, databaseUrl: null, databaseSchema: 'public' });
  await storage.auth.addBranch({ id: 'b1', name: '第一支部' });
  await storage.auth.addMember({ branchId: 'b1', userId: 'u1', name: '张三', role: 'member' });
  const token = await new Accounts(storage.auth).issueToken('u1', 'test');
  await storage.close(); // checkpoints the WAL into the file
  return { dataDir, token };
}

/**
 * Overwrites a table's (root) page in the database file with bytes that are no b-tree page. The
 * page must be in the file, not only in the WAL: checkpoint first.
 */
function corruptTablePage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db
    .prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
}

/** A write by another connection changes the WAL, so the server's connection drops its cache. */
function touchFromElsewhere(file: string): void {
  const other = new Database(file);
  other.exec('CREATE TABLE IF NOT EXISTS scratch (x); INSERT INTO scratch VALUES (1)');
  other.close();
}

/** A server on any DocStore (no auth, no API); stopped when the test ends, the store left open. */
async function serve(store: DocStore): Promise<string> {
  const server = await startServer(testConfig(), {
    store,
    access: openAccess,
    log: pino({ level: 'silent' }),
    metrics: new Metrics(false),
  });
  onTestFinished(() => server.close());
  return server.url;
}

/** `src/main.ts` (or the admin CLI) as its own process, until it exits. */
function runToExit(
  env: Record<string, string>,
  script = 'src/main.ts',
  args: string[] = [],
  asUser?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, '--import', 'tsx', script, ...args];
  const command = asUser
    ? ['setpriv', `--reuid=${asUser}`, '--regid=nogroup', '--clear-groups', ...node]
    : node;
  // As another user, tsx needs a cache it may write (under the temp directory, per user).
  const home = asUser ? { HOME: '/tmp' } : {};
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: packageDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      APP_DIR: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...home,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Started after all: not what any caller expects, so stop it and let the test fail on it.
    if (stdout.includes('running at')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Exit code 3 and exactly one line on stderr, in both languages, naming the file; no stack. */
function expectRefused(
  result: { code: number | null; stdout: string; stderr: string },
  file: string,
  what: RegExp,
): void {
  expect(result.stdout).not.toContain('running at');
  expect(result.code).toBe(3);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line).toContain(file);
  expect(line).toContain('拒绝打开数据库');
  expect(line).toContain('Refusing to open the database');
  expect(line).toMatch(what);
  expect(line).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('classifying storage errors', () => {
  it('reads SQLite codes and PostgreSQL SQLSTATEs', () => {
    const of = (code: string) => classifyStorageError(Object.assign(new Error(code), { code }));
    expect(of('SQLITE_FULL')).toBe('disk_full');
    expect(of('53100')).toBe('disk_full');
    expect(of('SQLITE_READONLY')).toBe('read_only');
    expect(of('SQLITE_READONLY_DBMOVED')).toBe('read_only');
    expect(of('25006')).toBe('read_only');
    expect(of('ENOSPC')).toBe('disk_full');
    expect(of('EROFS')).toBe('read_only');
    expect(of('SQLITE_CORRUPT')).toBe('corrupt');
    expect(of('SQLITE_CORRUPT_INDEX')).toBe('corrupt');
    expect(of('SQLITE_NOTADB')).toBe('corrupt');
    expect(of('XX001')).toBe('corrupt');
    expect(of('XX002')).toBe('corrupt');
    expect(of('SQLITE_IOERR_WRITE')).toBe('unreachable');
    expect(of('SQLITE_CANTOPEN')).toBe('unreachable');
    expect(of('08006')).toBe('unreachable');
    expect(of('57P01')).toBe('unreachable');
    expect(of('ECONNREFUSED')).toBe('unreachable');
    // Not storage failures: a constraint, a missing table, a plain bug.
    expect(of('SQLITE_CONSTRAINT_PRIMARYKEY')).toBeNull();
    expect(of('23505')).toBeNull();
    expect(classifyStorageError(new TypeError('x is undefined'))).toBeNull();
  });
});

describe('/healthz on SQLite', () => {
  it('answers ok only after writing the health row', async () => {
    const { server, store } = await startTestServer();
    const before = Date.now();
    expect(await health(server.url)).toEqual({ status: 200, body: { status: 'ok' } });
    const row = store.db.prepare('SELECT checked_at FROM health WHERE id = 1').get() as {
      checked_at: number;
    };
    expect(row.checked_at).toBeGreaterThanOrEqual(before);
  });

  it('says disk_full when the database cannot grow, while appends are refused with 4503', async () => {
    const { server, store, wsUrl } = await startTestServer();
    const client = connectClient(wsUrl, 'study:full');
    await whenSynced(client.provider);
    // The disk "fills": the file may not grow past the pages it has (the server's own connection).
    store.db.exec('VACUUM'); // no free pages left to reuse
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    expect(await health(server.url)).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'disk_full' },
    });
    const closed = nextClose(client.provider);
    client.doc.getText('t').insert(0, 'x'.repeat(20_000));
    expect((await closed).code).toBe(CLOSE.storageUnavailable);
    // Space freed: healthy again (disk_full is not remembered).
    store.db.pragma('max_page_count = 1073741823');
    expect(await health(server.url)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('says read_only when the connection may no longer write', async () => {
    const { server, store, dataDir } = await startTestServer();
    expect((await health(server.url)).status).toBe(200);
    // chmod does not stop writes through a file descriptor already open (nor anything, as root):
    // the server's own connection is made read-only instead, which fails writes the same way
    // (SQLITE_READONLY) as a file SQLite could only open read-only.
    chmodSync(join(dataDir, DB_FILE), 0o444);
    chmodSync(dataDir, 0o555);
    onTestFinished(() => chmodSync(dataDir, 0o755));
    store.db.pragma('query_only = 1');
    expect(await health(server.url)).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'read_only' },
    });
    store.db.pragma('query_only = 0');
    expect((await health(server.url)).status).toBe(200);
  });

  it('says unreachable when the database is closed', async () => {
    const { server, store } = await startTestServer();
    await store.close();
    expect(await health(server.url)).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'unreachable' },
    });
  });

  it('stays corrupt after an API request hit a damaged tokens page, though the probe write works', async () => {
    const { dataDir, token } = await preparedDataDir();
    const s = await startAuthServer({ dataDir });
    const file = join(dataDir, DB_FILE);
    expect((await health(s.server.url)).status).toBe(200);
    corruptTablePage(file, 'tokens');
    touchFromElsewhere(file);
    const me = await fetch(`${s.server.url}/api/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(500);
    const probed = Date.now();
    expect(await health(s.server.url)).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'corrupt' },
    });
    // The probe write itself succeeded: only the remembered corruption makes it 503.
    const row = s.store.db.prepare('SELECT checked_at FROM health WHERE id = 1').get() as {
      checked_at: number;
    };
    expect(row.checked_at).toBeGreaterThanOrEqual(probed);
    expect((await health(s.server.url)).status).toBe(503);
  });

  it('stays corrupt after a sync connection could not be authorised on a damaged tokens page', async () => {
    const { dataDir, token } = await preparedDataDir();
    const s = await startAuthServer({ dataDir });
    const file = join(dataDir, DB_FILE);
    corruptTablePage(file, 'tokens');
    touchFromElsewhere(file);
    const socket = rawSocket(`${s.wsUrl}/study:u1?token=${token}`);
    expect((await socket.closed).code).toBe(CLOSE.storageUnavailable);
    expect(await health(s.server.url)).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'corrupt' },
    });
  });

  it('stays corrupt after a document load failed on a damaged page', async () => {
    const dataDir = tempDir();
    const { server, store } = await startTestServer({ dataDir });
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'hello');
    await store.append('study:d', Y.encodeStateAsUpdate(writer));
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(dataDir, DB_FILE);
    corruptTablePage(file, 'doc_updates');
    touchFromElsewhere(file);
    const client = connectClient(`${server.url.replace('http', 'ws')}/sync`, 'study:d');
    expect((await nextClose(client.provider)).code).toBe(CLOSE.storageUnavailable);
    expect((await health(server.url)).body).toEqual({
      status: 'storage unavailable',
      reason: 'corrupt',
    });
  });
});

describe('refusing to start on a broken database', () => {
  it('refuses a zero-byte file with exit code 3 and one line, instead of starting empty', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, DB_FILE);
    writeFileSync(file, '');
    expectRefused(await runToExit({ DATA_DIR: dataDir }), file, /0 字节.*0 bytes/);
    expect(statSync(file).size).toBe(0); // left as found, for the operator
  }, 30_000);

  it('refuses a file that is not a database', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, DB_FILE);
    writeFileSync(file, Buffer.alloc(16_384, 'not a database '));
    expectRefused(await runToExit({ DATA_DIR: dataDir }), file, /SQLITE_NOTADB/);
  }, 30_000);

  it('refuses a truncated database', async () => {
    const { dataDir } = await preparedDataDir();
    const file = join(dataDir, DB_FILE);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expectRefused(await runToExit({ DATA_DIR: dataDir }), file, /damaged|quick_check/);
  }, 30_000);

  it('refuses a copy whose tokens page is damaged (PRAGMA quick_check)', async () => {
    const { dataDir } = await preparedDataDir();
    const copyDir = tempDir();
    const file = join(copyDir, DB_FILE);
    copyFileSync(join(dataDir, DB_FILE), file);
    corruptTablePage(file, 'tokens');
    expectRefused(await runToExit({ DATA_DIR: copyDir }), file, /damaged/);
  }, 30_000);

  it('refuses a read-only data directory and file', async () => {
    const { dataDir } = await preparedDataDir();
    const file = join(dataDir, DB_FILE);
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);
    onTestFinished(() => chmodSync(dataDir, 0o755));
    // Root writes whatever the mode says: run the server as `nobody` then, as a service user.
    const result = await runToExit(
      { DATA_DIR: dataDir },
      'src/main.ts',
      [],
      isRoot ? 'nobody' : undefined,
    );
    expectRefused(result, file, /cannot be opened for writing/);
  }, 30_000);

  it('the admin CLI refuses the same way', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, DB_FILE);
    writeFileSync(file, '');
    expectRefused(
      await runToExit({ DATA_DIR: dataDir }, 'src/admin/cli.ts', ['migrate']),
      file,
      /0 bytes/,
    );
  }, 30_000);

  it('still creates an absent file (and directory) and serves', async () => {
    const dataDir = join(tempDir(), 'new');
    const server = await spawnServer({ DATA_DIR: dataDir, PORT: '0' });
    expect(existsSync(join(dataDir, DB_FILE))).toBe(true);
    expect(await health(server.url)).toEqual({ status: 200, body: { status: 'ok' } });
  }, 30_000);
});

describe('/healthz on PostgreSQL', () => {
  it('says unreachable when the database cannot be connected to', async () => {
    const pool = new pg.Pool({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2_000,
    });
    pool.on('error', () => undefined);
    const store = new PgStore(pool);
    onTestFinished(() => store.close());
    expect(await health(await serve(store))).toEqual({
      status: 503,
      body: { status: 'storage unavailable', reason: 'unreachable' },
    });
  });

  it.skipIf(servicesMissing)(
    'writes the health row, and says read_only on a read-only connection',
    async () => {
      const schema = freshSchema();
      const storage = await openStorage({
        dataDir: tempDir(),
        databaseUrl: DATABASE_URL,
        databaseSchema: schema,
      });
      onTestFinished(() => storage.close());
      const before = new Date(Date.now() - 1000);
      expect(await health(await serve(storage.docs))).toEqual({
        status: 200,
        body: { status: 'ok' },
      });
      const check = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      onTestFinished(() => check.end());
      const { rows } = await check.query<{ checked_at: Date }>(
        `SELECT checked_at FROM ${quoteIdent(schema)}.health WHERE id = 1`,
      );
      expect(rows[0]?.checked_at.getTime()).toBeGreaterThanOrEqual(before.getTime());

      // A standby, or a database switched read-only: every write fails with SQLSTATE 25006.
      const readOnly = new pg.Pool({
        connectionString: DATABASE_URL,
        options: `-c search_path=${quoteIdent(schema)} -c default_transaction_read_only=on`,
      });
      const roStore = new PgStore(readOnly);
      onTestFinished(() => roStore.close());
      expect(await health(await serve(roStore))).toEqual({
        status: 503,
        body: { status: 'storage unavailable', reason: 'read_only' },
      });
    },
  );
});
