/**
 * `pnpm bench`: Branchbook's sync server against the reference y-websocket server and Hocuspocus,
 * each with and without storage, under the same load on loopback. Every server runs alone in its
 * own child process (pinned to CPU 0 when `taskset` works), the load in others (CPU 1).
 *
 * Flags (or env): --clients (BENCH_CLIENTS, 1500), --docs (BENCH_DOCS, 500), --rate updates/s per
 * client (BENCH_RATE, 0.5), --seconds measured (BENCH_SECONDS, 25), --warmup (BENCH_WARMUP, 5),
 * --workers load processes (BENCH_WORKERS, 2), --only row,row, --profile (CPU profile of each
 * server during warm-up and window), --quick (150 clients, 50 docs, 5 s), --no-pin.
 * Scale-out rows (`scale-out-1`, `scale-out-2`): Branchbook as one and as two processes on the
 * same PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), each document's clients spread over the
 * processes, unpinned; the report compares them. `--only scale-out-1,scale-out-2` runs just those.
 * Progress goes to stderr; stdout is the table, the ratios, and last a single JSON line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStorage } from '../src/storage/open-storage.ts';
import { createAccounts } from './accounts.ts';
import { Child, canPin } from './children.ts';
import { topSelfTime } from './cpu-profile.ts';
import { machineUse, sampleMachine, type MachineUse } from './machine-cpu.ts';
import { ensureSqlite3 } from './sqlite3-binding.ts';
import { percentile, round, sortedConcat } from './stats.ts';
import { ROWS, printReport, type Outcome, type Row, type RowResult } from './report.ts';
import {
  sleepUntil,
  wallNow,
  type FromLoad,
  type FromServer,
  type LoadDoc,
  type LoadResult,
  type ToLoad,
  type ToServer,
} from './ipc.ts';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string' },
    docs: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    workers: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
  },
});

function numberOption(
  flag: string | undefined,
  env: string,
  normal: number,
  quick: number,
): number {
  const raw = flag ?? process.env[env];
  const value = raw === undefined || raw === '' ? (flags.quick ? quick : normal) : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${env} must be a positive number`);
  return value;
}

const options = {
  clients: Math.round(numberOption(flags.clients, 'BENCH_CLIENTS', 1500, 150)),
  docs: Math.round(numberOption(flags.docs, 'BENCH_DOCS', 500, 50)),
  rate: numberOption(flags.rate, 'BENCH_RATE', 0.5, 0.5),
  seconds: numberOption(flags.seconds, 'BENCH_SECONDS', 25, 5),
  warmup: numberOption(flags.warmup, 'BENCH_WARMUP', 5, 2),
  workers: Math.round(numberOption(flags.workers, 'BENCH_WORKERS', 2, 2)),
  drainMs: 2000,
  batch: 100,
  pin: canPin && !flags['no-pin'],
};
if (options.docs > options.clients) throw new Error('need at least one client per document');
const selected = flags.only ? flags.only.split(',') : ROWS.map((row) => row.name);
const rows = ROWS.filter((row) => selected.includes(row.name));
for (const name of selected)
  if (!ROWS.some((row) => row.name === name))
    throw new Error(`--only: no row ${name}; rows are ${ROWS.map((row) => row.name).join(', ')}`);

const log = (message: string) => console.error(`bench: ${message}`);
const MB = 1024 * 1024;
const SERVER_CPU = '0';
const LOAD_CPU = '1';

const docNames = Array.from({ length: options.docs }, (_, d) => `branch:b${d}`);
// Client i works on document i mod M.
const clientsPerDoc = docNames.map(
  (_, d) =>
    Math.floor(options.clients / options.docs) + (d < options.clients % options.docs ? 1 : 0),
);

type ServerChild = Child<ToServer, FromServer>;
type LoadChild = Child<ToLoad, FromLoad>;

const DATABASE_URL = process.env.DATABASE_URL ?? '';
const REDIS_URL = process.env.REDIS_URL ?? '';

/**
 * Where a row's server processes keep their data: a temporary directory (SQLite, LevelDB) and,
 * for the scale-out rows, a PostgreSQL schema of its own (its name also namespaces the Redis
 * channels), dropped afterwards.
 */
interface Place {
  dir: string;
  schema: string | null;
}

/** Whether the row's processes are pinned: scale-out rows float, so 1 and 2 processes are alike. */
const pinned = (row: Row) => options.pin && !row.cluster;

function startServer(row: Row, place: Place, index: number, profileFile: string | null) {
  const { dir, schema } = place;
  const env: NodeJS.ProcessEnv = {
    BENCH_DATA_DIR: dir,
    BENCH_STORAGE: schema ? 'postgres' : row.storage ? 'sqlite' : 'memory',
    DATABASE_SCHEMA: schema ?? undefined,
    YPERSISTENCE: row.kind === 'y-websocket' && row.storage ? join(dir, 'leveldb') : undefined,
    BENCH_SQLITE_FILE:
      row.kind === 'hocuspocus' && row.storage ? join(dir, 'hocuspocus.sqlite') : undefined,
    // Only the first process of a cluster is profiled.
    BENCH_CPU_PROFILE: index === 0 ? (profileFile ?? undefined) : undefined,
  };
  const label = row.cluster ? `${row.name} server #${index}` : `${row.name} server`;
  const server: ServerChild = new Child(label, `./servers/${row.kind}.ts`, {
    env,
    execArgv: ['--expose-gc'],
    cpu: pinned(row) ? SERVER_CPU : undefined,
  });
  return server;
}

/**
 * Load processes with whole documents each, round-robin, told to connect; each spreads its
 * clients over the server processes' ports.
 */
function startLoads(row: Row, ports: number[], tokens: (string | null)[][]): LoadChild[] {
  const shares: LoadDoc[][] = Array.from({ length: options.workers }, () => []);
  docNames.forEach((name, d) =>
    shares[d % options.workers]?.push({ name, tokens: tokens[d] ?? [] }),
  );
  return shares
    .filter((docs) => docs.length > 0)
    .map((docs, w) => {
      const load: LoadChild = new Child(`${row.name} load #${w}`, './load-client.ts', {
        cpu: pinned(row) ? LOAD_CPU : undefined,
      });
      load.send({
        type: 'setup',
        setup: {
          kind: row.kind,
          urls: ports.map((port) => `ws://127.0.0.1:${port}`),
          docs,
          rate: options.rate,
          batch: Math.ceil(options.batch / shares.length),
        },
      });
      return load;
    });
}

function preparePlace(row: Row): Place {
  const dir = mkdtempSync(join(tmpdir(), `bench-${row.name}-`));
  if (!row.cluster) return { dir, schema: null };
  return { dir, schema: `bench_${randomBytes(5).toString('hex')}` };
}

async function removePlace({ dir, schema }: Place): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  if (!schema) return;
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

/** Sign-in records for Branchbook rows, written where the server processes will read them. */
async function accountsFor(row: Row, place: Place): Promise<(string | null)[][]> {
  if (row.kind !== 'branchbook') return clientsPerDoc.map((n) => Array<null>(n).fill(null));
  const storage = await openStorage({
    dataDir: place.dir,
    databaseUrl: place.schema ? DATABASE_URL : null,
    databaseSchema: place.schema ?? 'public',
  });
  try {
    return await createAccounts(storage.auth, docNames, clientsPerDoc);
  } finally {
    await storage.close();
  }
}

/** The machine's and the services' CPU over [start, end). */
async function machineOver(start: number, end: number): Promise<MachineUse> {
  await sleepUntil(start);
  const from = sampleMachine();
  await sleepUntil(end);
  return machineUse(from, sampleMachine());
}

async function runRow(row: Row, profileFile: string | null): Promise<RowResult> {
  const place = preparePlace(row);
  const children: Child<{ type: string }, { type: string }>[] = [];
  try {
    const tokens = await accountsFor(row, place);
    const servers = Array.from({ length: row.cluster ?? 1 }, (_, i) =>
      startServer(row, place, i, profileFile),
    );
    children.push(...servers);
    const ports = await Promise.all(
      servers.map(async (server) => (await server.next('ready', 30_000)).port),
    );
    /** Heap, loaded documents and sockets, summed over the server processes. */
    const heap = async (): Promise<Heap> => {
      for (const server of servers) server.send({ type: 'heap' });
      const each = await Promise.all(servers.map((server) => server.next('heap', 30_000)));
      return {
        type: 'heap',
        heapUsed: sum(each, (h) => h.heapUsed),
        loadedDocs: sum(each, (h) => h.loadedDocs),
        sockets: sum(each, (h) => h.sockets),
      };
    };
    const baseline = await heap();

    const loads = startLoads(row, ports, tokens);
    children.push(...loads);
    const connectStart = performance.now();
    await Promise.all(loads.map((load) => load.next('connected', 180_000)));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    log(`${row.name}: ${options.clients} clients connected in ${round(connectSeconds, 1)} s`);

    const windowStart = wallNow() + options.warmup * 1000;
    const windowEnd = windowStart + options.seconds * 1000;
    for (const server of servers) server.send({ type: 'load', windowStart, windowEnd });
    for (const load of loads)
      load.send({ type: 'run', windowStart, windowEnd, drainMs: options.drainMs });
    const [serverWindows, machine] = await Promise.all([
      Promise.all(servers.map((server) => server.next('window', windowEnd - wallNow() + 60_000))),
      machineOver(windowStart, windowEnd),
    ]);
    const results: LoadResult[] = [];
    for (const load of loads)
      results.push((await load.next('result', options.drainMs + 60_000)).result);

    // Documents loaded, clients still connected.
    const loaded = await heap();
    for (const load of loads) load.send({ type: 'disconnect' });
    await Promise.all(loads.map((load) => load.next('disconnected', 30_000)));
    await Promise.all(loads.map((load) => load.stop()));
    const unloaded = await waitForUnload(heap, baseline.sockets);

    const latencies = sortedConcat(results.map((r) => r.latencies));
    const windowSeconds = (windowEnd - windowStart) / 1000;
    const updatesPerSec = latencies.length / windowSeconds;
    const serverCpuPct = sum(serverWindows, (w) => w.cpuPct);
    return {
      processes: servers.length,
      updatesPerSec: round(updatesPerSec, 1),
      sentPerSec: round(sum(results, (r) => r.sent) / windowSeconds, 1),
      delivered: round(
        latencies.length /
          Math.max(
            1,
            sum(results, (r) => r.expected),
          ),
        4,
      ),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? NaN),
      heapMBPerLoadedDoc: round((loaded.heapUsed - baseline.heapUsed) / MB / options.docs, 4),
      heapMBAfterUnload: round((unloaded.heapUsed - baseline.heapUsed) / MB, 2),
      docsLoaded: loaded.loadedDocs,
      docsLeftLoaded: unloaded.loadedDocs,
      socketsLeftOpen: unloaded.sockets - baseline.sockets,
      baselineHeapMB: round(baseline.heapUsed / MB, 1),
      serverCpuPct: round(serverCpuPct, 1),
      // CPU time of all server processes per 1,000 receipts: cost, whatever the throughput.
      serverCpuMsPerThousand: round((serverCpuPct * 10 * 1000) / Math.max(1, updatesPerSec), 1),
      serverCpuWaitMs: round(
        sum(serverWindows, (w) => w.cpuWaitMs),
        0,
      ),
      loadCpuPct: round(
        sum(results, (r) => r.cpu.cpuPct),
        1,
      ),
      serverLoopDelayP99Ms: round(Math.max(...serverWindows.map((w) => w.loopDelayP99Ms))),
      serverLoopDelayMaxMs: round(Math.max(...serverWindows.map((w) => w.loopDelayMaxMs))),
      loadCpuWaitMs: round(
        sum(results, (r) => r.cpu.cpuWaitMs),
        0,
      ),
      machineBusyPct: round(machine.busyPct, 1),
      postgresCpuPct: round(machine.servicesPct.postgres, 1),
      redisCpuPct: round(machine.servicesPct.redis, 1),
      connectSeconds: round(connectSeconds, 1),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await removePlace(place);
  }
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((n, item) => n + pick(item), 0);
}

type Heap = Extract<FromServer, { type: 'heap' }>;

/**
 * Heap once the server has closed every client connection (down to the `baselineSockets` it held
 * before any client came: its PostgreSQL and Redis connections) and unloaded every document, or
 * once neither count has changed for 3 s (a server that keeps documents), at most 30 s.
 */
async function waitForUnload(heap: () => Promise<Heap>, baselineSockets: number): Promise<Heap> {
  const started = Date.now();
  let last = await heap();
  let changedAt = Date.now();
  const settled = (h: Heap) => h.loadedDocs === 0 && h.sockets <= baselineSockets;
  while (!settled(last) && Date.now() - changedAt < 3000 && Date.now() - started < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await heap();
    if (now.loadedDocs !== last.loadedDocs || now.sockets !== last.sockets) changedAt = Date.now();
    last = now;
  }
  return last;
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  log(
    `${options.clients} clients over ${options.docs} docs, ${options.rate} updates/s each, ` +
      `${options.warmup} s warm-up + ${options.seconds} s measured, ${options.workers} load processes` +
      (options.pin
        ? `, server on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU} (scale-out rows not pinned)`
        : ', not pinned'),
  );
  const outcomes: Record<string, Outcome> = {};
  const profiles: string[] = [];
  const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'bench-profile-')) : null;
  const sqlite3Problem = rows.some((row) => row.kind === 'hocuspocus' && row.storage)
    ? ensureSqlite3()
    : null;
  for (const row of rows) {
    if (row.kind === 'hocuspocus' && row.storage && sqlite3Problem) {
      outcomes[row.name] = { error: sqlite3Problem };
      continue;
    }
    if (row.cluster && (!DATABASE_URL || !REDIS_URL)) {
      outcomes[row.name] = { skipped: 'set DATABASE_URL and REDIS_URL to run it' };
      log(`${row.name}: skipped, it needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)`);
      continue;
    }
    const profileFile = profileDir ? join(profileDir, `${row.name}.cpuprofile`) : null;
    const rowBegan = performance.now();
    log(`${row.name}: starting`);
    try {
      outcomes[row.name] = await runRow(row, profileFile);
      if (profileFile)
        profiles.push(
          `CPU profile of the ${row.name} server, warm-up and window (${profileFile}):\n${topSelfTime(profileFile)}`,
        );
    } catch (error) {
      outcomes[row.name] = { error: (error as Error).message };
    }
    log(
      `${row.name}: done in ${round((performance.now() - rowBegan) / 1000, 1)} s ${JSON.stringify(outcomes[row.name])}`,
    );
  }

  printReport(rows, outcomes, options);
  for (const profile of profiles) console.log(`\n${profile}`);
  // The bench itself keeps about 1.5 CPUs busy at most; more means other processes shared them.
  console.log(
    `\nmachine load average (1 min) before / after: ${round(loadBefore)} / ${round(loadavg()[0] ?? 0)} ` +
      `on ${availableParallelism()} CPUs; ` +
      (options.pin
        ? `server pinned to CPU ${SERVER_CPU}, load to CPU ${LOAD_CPU} (scale-out rows not pinned)`
        : 'not pinned'),
  );
  console.log(`wall clock: ${round((performance.now() - began) / 1000, 1)} s`);
  console.log(JSON.stringify(outcomes));
}

await main();
