/**
 * `pnpm bench`: Branchbook's sync server against the reference y-websocket server and Hocuspocus
 * (storage on) and a bare `ws` relay (the floor), under the same load on loopback: first at the
 * default rate, then the capacity scenario, raising the per-client rate in doubling steps until a
 * server stops keeping up (delivery below 99 % within the drain window, or p99 above 100 ms),
 * in two shapes: the default spread (1,500 clients over 500 documents) and a meeting (50 clients
 * on one document). Every server runs alone in its own child process (pinned to CPU 0 when
 * `taskset` works), the load in others (CPU 1); each shape gets fresh processes.
 *
 * Flags (or env): --clients (BENCH_CLIENTS, 1500), --docs (BENCH_DOCS, 500), --rate updates/s per
 * client, the default rate and the first step (BENCH_RATE, 0.5), --seconds measured at the
 * default rate (BENCH_SECONDS, 20), --warmup (BENCH_WARMUP, 4), --workers load processes
 * (BENCH_WORKERS, 2), --steps capacity windows per shape at most (BENCH_STEPS, 7),
 * --step-seconds (BENCH_STEP_SECONDS, 4) and --step-warmup (BENCH_STEP_WARMUP, 1) of each step
 * after the first, --meeting-clients (BENCH_MEETING_CLIENTS, 50), --no-capacity (the default
 * rate only), --only row,row, --all (every row, also the storage-off and scale-out ones),
 * --profile (CPU profile of each server during the first warm-up and window), --quick (150
 * clients, 50 docs, 5 s, 4 steps), --no-pin.
 * Scale-out rows (`scale-out-1`, `scale-out-2`): Branchbook as one and as two processes on the
 * same PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), each document's clients spread over the
 * processes, unpinned; the report compares them. `--only scale-out-1,scale-out-2` runs just those.
 * Rows other than the default ones run at the default rate only.
 * Progress goes to stderr; stdout is the tables, the ratios, and last a single JSON line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStorage } from '../src/storage/open-storage.ts';
import { createAccounts } from './accounts.ts';
import { climb, judge, type Capacity, type Step } from './capacity.ts';
import { Child, canPin } from './children.ts';
import { topSelfTime } from './cpu-profile.ts';
import { machineUse, sampleMachine, type MachineUse } from './machine-cpu.ts';
import { ensureSqlite3 } from './sqlite3-binding.ts';
import { percentile, round, sortedConcat } from './stats.ts';
import {
  DEFAULT_ROWS,
  ROWS,
  printReport,
  type Outcome,
  type Row,
  type RowResult,
} from './report.ts';
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
    steps: { type: 'string' },
    'step-seconds': { type: 'string' },
    'step-warmup': { type: 'string' },
    'meeting-clients': { type: 'string' },
    'no-capacity': { type: 'boolean', default: false },
    only: { type: 'string' },
    all: { type: 'boolean', default: false },
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
  seconds: numberOption(flags.seconds, 'BENCH_SECONDS', 20, 5),
  warmup: numberOption(flags.warmup, 'BENCH_WARMUP', 4, 2),
  workers: Math.round(numberOption(flags.workers, 'BENCH_WORKERS', 2, 2)),
  steps: Math.round(numberOption(flags.steps, 'BENCH_STEPS', 7, 4)),
  stepSeconds: numberOption(flags['step-seconds'], 'BENCH_STEP_SECONDS', 4, 3),
  stepWarmup: numberOption(flags['step-warmup'], 'BENCH_STEP_WARMUP', 1, 1),
  meetingClients: Math.round(
    numberOption(flags['meeting-clients'], 'BENCH_MEETING_CLIENTS', 50, 50),
  ),
  capacity: !flags['no-capacity'],
  drainMs: 2000,
  batch: 100,
  pin: canPin && !flags['no-pin'],
};
if (options.docs > options.clients) throw new Error('need at least one client per document');
if (options.meetingClients < 2) throw new Error('a meeting needs at least 2 clients');
const selected = flags.only
  ? flags.only.split(',')
  : (flags.all ? ROWS : DEFAULT_ROWS).map((row) => row.name);
const rows = ROWS.filter((row) => selected.includes(row.name));
for (const name of selected)
  if (!ROWS.some((row) => row.name === name))
    throw new Error(`--only: no row ${name}; rows are ${ROWS.map((row) => row.name).join(', ')}`);

const log = (message: string) => console.error(`bench: ${message}`);
const MB = 1024 * 1024;
const SERVER_CPU = '0';
const LOAD_CPU = '1';

/** Which clients work on which documents. */
interface Shape {
  name: 'spread' | 'meeting';
  docNames: string[];
  clientsPerDoc: number[];
  clients: number;
}

/** Client i works on document i mod M. */
const SPREAD: Shape = {
  name: 'spread',
  docNames: Array.from({ length: options.docs }, (_, d) => `branch:b${d}`),
  clientsPerDoc: Array.from(
    { length: options.docs },
    (_, d) =>
      Math.floor(options.clients / options.docs) + (d < options.clients % options.docs ? 1 : 0),
  ),
  clients: options.clients,
};

/** A general meeting: everyone has the minutes open. */
const MEETING: Shape = {
  name: 'meeting',
  docNames: ['branch:meeting'],
  clientsPerDoc: [options.meetingClients],
  clients: options.meetingClients,
};

type ServerChild = Child<ToServer, FromServer>;
type LoadChild = Child<ToLoad, FromLoad>;
type Heap = Extract<FromServer, { type: 'heap' }>;

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

/** The CPU the load processes may use together, % of one core. */
const loadBudgetPct = (row: Row) =>
  pinned(row) ? 100 : 100 * Math.min(options.workers, availableParallelism());

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
function startLoads(
  row: Row,
  shape: Shape,
  ports: number[],
  tokens: (string | null)[][],
): LoadChild[] {
  const shares: LoadDoc[][] = Array.from({ length: options.workers }, () => []);
  shape.docNames.forEach((name, d) =>
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
async function accountsFor(row: Row, shape: Shape, place: Place): Promise<(string | null)[][]> {
  if (row.kind !== 'branchbook') return shape.clientsPerDoc.map((n) => Array<null>(n).fill(null));
  const storage = await openStorage({
    dataDir: place.dir,
    databaseUrl: place.schema ? DATABASE_URL : null,
    databaseSchema: place.schema ?? 'public',
  });
  try {
    return await createAccounts(storage.auth, shape.docNames, shape.clientsPerDoc);
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

/** What one measured window gave. */
interface Window {
  rate: number;
  windowSeconds: number;
  /** Fan-out latencies of the window's updates, ascending. */
  latencies: Float64Array;
  results: LoadResult[];
  serverWindows: Extract<FromServer, { type: 'window' }>[];
  machine: MachineUse;
}

/** One row's server processes and load processes for one shape, connected and ready for windows. */
class Session {
  readonly #children: Child<{ type: string }, { type: string }>[] = [];
  #servers: ServerChild[] = [];
  #loads: LoadChild[] = [];
  baseline: Heap | null = null;
  connectSeconds = NaN;

  private constructor(
    readonly row: Row,
    readonly shape: Shape,
    readonly place: Place,
  ) {}

  static async open(row: Row, shape: Shape, profileFile: string | null): Promise<Session> {
    const session = new Session(row, shape, preparePlace(row));
    try {
      await session.#start(profileFile);
      return session;
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  async #start(profileFile: string | null): Promise<void> {
    const { row, shape, place } = this;
    const tokens = await accountsFor(row, shape, place);
    this.#servers = Array.from({ length: row.cluster ?? 1 }, (_, i) =>
      startServer(row, place, i, profileFile),
    );
    this.#children.push(...this.#servers);
    const ports = await Promise.all(
      this.#servers.map(async (server) => (await server.next('ready', 30_000)).port),
    );
    this.baseline = await this.heap();
    this.#loads = startLoads(row, shape, ports, tokens);
    this.#children.push(...this.#loads);
    const connectStart = performance.now();
    await Promise.all(this.#loads.map((load) => load.next('connected', 180_000)));
    this.connectSeconds = (performance.now() - connectStart) / 1000;
    log(
      `${row.name} (${shape.name}): ${shape.clients} clients connected in ${round(this.connectSeconds, 1)} s`,
    );
  }

  /** Heap, loaded documents and sockets, summed over the server processes. */
  async heap(): Promise<Heap> {
    for (const server of this.#servers) server.send({ type: 'heap' });
    const each = await Promise.all(this.#servers.map((server) => server.next('heap', 30_000)));
    return {
      type: 'heap',
      heapUsed: sum(each, (h) => h.heapUsed),
      loadedDocs: sum(each, (h) => h.loadedDocs),
      sockets: sum(each, (h) => h.sockets),
    };
  }

  /** Every client sends `rate` updates/s for `warmup` s, then for `seconds` s measured; drain. */
  async window(rate: number, warmup: number, seconds: number): Promise<Window> {
    const windowStart = wallNow() + warmup * 1000;
    const windowEnd = windowStart + seconds * 1000;
    for (const server of this.#servers) server.send({ type: 'load', windowStart, windowEnd });
    for (const load of this.#loads)
      load.send({ type: 'run', rate, windowStart, windowEnd, drainMs: options.drainMs });
    const [serverWindows, machine] = await Promise.all([
      Promise.all(
        this.#servers.map((server) => server.next('window', windowEnd - wallNow() + 60_000)),
      ),
      machineOver(windowStart, windowEnd),
    ]);
    const results: LoadResult[] = [];
    for (const load of this.#loads)
      results.push((await load.next('result', options.drainMs + 60_000)).result);
    return {
      rate,
      windowSeconds: (windowEnd - windowStart) / 1000,
      latencies: sortedConcat(results.map((r) => r.latencies)),
      results,
      serverWindows,
      machine,
    };
  }

  /** A window as the capacity rules see it. */
  step(window: Window): Step {
    return judge(
      {
        rate: window.rate,
        clients: this.shape.clients,
        windowSeconds: window.windowSeconds,
        sent: sum(window.results, (r) => r.sent),
        expected: sum(window.results, (r) => r.expected),
        receipts: window.latencies.length,
        p99Ms: percentile(window.latencies, 99),
        serverCpuPct: sum(window.serverWindows, (w) => w.cpuPct),
        serverCpuWaitMs: sum(window.serverWindows, (w) => w.cpuWaitMs),
        serverLoopDelayP99Ms: Math.max(...window.serverWindows.map((w) => w.loopDelayP99Ms)),
        loadCpuPct: sum(window.results, (r) => r.cpu.cpuPct),
        loadCpuWaitMs: sum(window.results, (r) => r.cpu.cpuWaitMs),
        loadBudgetPct: loadBudgetPct(this.row),
        machineBusyPct: window.machine.busyPct,
      },
      receiversPerUpdate(this.shape),
    );
  }

  /** Clients leave; the heap once the server has let go of them (see waitForUnload). */
  async disconnect(): Promise<Heap> {
    for (const load of this.#loads) load.send({ type: 'disconnect' });
    await Promise.all(this.#loads.map((load) => load.next('disconnected', 30_000)));
    await Promise.all(this.#loads.map((load) => load.stop()));
    return waitForUnload(() => this.heap(), this.baseline?.sockets ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.#children.map((child) => child.stop()));
    await removePlace(this.place);
  }
}

/** Receipts each update makes on average: every other client of its document gets it. */
function receiversPerUpdate(shape: Shape): number {
  return sum(shape.clientsPerDoc, (n) => n * (n - 1)) / Math.max(1, shape.clients);
}

/** The row's figures at the default rate, from its first window. */
function rowResult(
  session: Session,
  window: Window,
  loaded: Heap,
  unloaded: Heap,
  processes: number,
): RowResult {
  const { latencies, results, serverWindows, machine, windowSeconds } = window;
  const baseline = session.baseline ?? loaded;
  const updatesPerSec = latencies.length / windowSeconds;
  const serverCpuPct = sum(serverWindows, (w) => w.cpuPct);
  // CPU time of all server processes per 1,000 receipts: cost, whatever the throughput.
  const cpuMsPerThousand = round((serverCpuPct * 10 * 1000) / Math.max(1, updatesPerSec), 1);
  return {
    processes,
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
    serverCpuMsPerThousand: cpuMsPerThousand,
    cpuMsPerThousandReceipts: cpuMsPerThousand,
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
    connectSeconds: round(session.connectSeconds, 1),
  };
}

/**
 * The capacity ladder on an open session: the first step is `first` (already measured, or
 * measured here with the step window), then doubling rates with short windows.
 */
async function ladder(session: Session, first: Step | null): Promise<Capacity> {
  const label = `${session.row.name} (${session.shape.name})`;
  return climb({ start: options.rate, maxSteps: options.steps, refine: true }, async (rate) => {
    if (first) {
      const step = first;
      first = null;
      log(`${label}: ${describeStep(step)}`);
      return step;
    }
    const step = session.step(await session.window(rate, options.stepWarmup, options.stepSeconds));
    log(`${label}: ${describeStep(step)}`);
    return step;
  });
}

function describeStep(step: Step): string {
  const verdict = step.keptUp
    ? 'kept up'
    : `fell behind (${[step.failure?.delivery ? 'delivery' : '', step.failure?.p99 ? 'p99' : '']
        .filter(Boolean)
        .join(', ')}; ${step.failure?.blame})`;
  return (
    `rate ${step.rate}/s: ${step.receiptsPerSec} receipts/s of ${step.offeredReceiptsPerSec} offered, ` +
    `delivered ${round(step.delivered * 100, 2)}%, p99 ${step.p99Ms} ms, server CPU ${step.serverCpuPct}%, ` +
    `load CPU ${step.loadCpuPct}%${step.loadSaturated ? ' (saturated)' : ''}: ${verdict}`
  );
}

async function runRow(row: Row, profileFile: string | null): Promise<RowResult> {
  const capacity = options.capacity && row.capacity === true;
  const spread = await Session.open(row, SPREAD, profileFile);
  let result: RowResult;
  try {
    const first = await spread.window(options.rate, options.warmup, options.seconds);
    // Documents loaded, clients still connected.
    const loaded = await spread.heap();
    const spreadCapacity = capacity ? await ladder(spread, spread.step(first)) : null;
    const unloaded = await spread.disconnect();
    result = rowResult(spread, first, loaded, unloaded, row.cluster ?? 1);
    if (spreadCapacity) {
      result.capacityReceiptsPerSec = spreadCapacity.capacityReceiptsPerSec;
      result.capacity = { spread: spreadCapacity };
    }
  } finally {
    await spread.close();
  }
  if (!capacity || !result.capacity) return result;
  const meeting = await Session.open(row, MEETING, null);
  try {
    const meetingCapacity = await ladder(meeting, null);
    result.meetingCapacityReceiptsPerSec = meetingCapacity.capacityReceiptsPerSec;
    result.capacity.meeting = meetingCapacity;
  } finally {
    await meeting.close();
  }
  return result;
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  return items.reduce((n, item) => n + pick(item), 0);
}

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
      (options.capacity
        ? `; capacity: up to ${options.steps} steps per shape of ${options.stepWarmup} + ${options.stepSeconds} s, ` +
          `also ${options.meetingClients} clients on one document`
        : '') +
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
          `CPU profile of the ${row.name} server, first warm-up and window (${profileFile}):\n${topSelfTime(profileFile)}`,
        );
    } catch (error) {
      outcomes[row.name] = { error: (error as Error).message };
    }
    // The steps were logged as they ran.
    const summary = JSON.stringify(outcomes[row.name], (key, value: unknown) =>
      key === 'capacity' ? undefined : value,
    );
    log(`${row.name}: done in ${round((performance.now() - rowBegan) / 1000, 1)} s ${summary}`);
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
