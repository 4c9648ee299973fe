/**
 * `pnpm bench`: Branchbook's sync server against the reference y-websocket server and Hocuspocus,
 * each with and without storage, under the same load on loopback. Every server runs alone in its
 * own child process (pinned to CPU 0 when `taskset` works), the load in others (CPU 1).
 *
 * Flags (or env): --clients (BENCH_CLIENTS, 1500), --docs (BENCH_DOCS, 500), --rate updates/s per
 * client (BENCH_RATE, 0.5), --seconds measured (BENCH_SECONDS, 25), --warmup (BENCH_WARMUP, 5),
 * --workers load processes (BENCH_WORKERS, 2), --only row,row, --profile (CPU profile of each
 * server during warm-up and window), --quick (150 clients, 50 docs, 5 s), --no-pin.
 * Progress goes to stderr; stdout is the table, the ratios, and last a single JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAccounts } from './accounts.ts';
import { Child, canPin } from './children.ts';
import { topSelfTime } from './cpu-profile.ts';
import { ensureSqlite3 } from './sqlite3-binding.ts';
import { percentile, round, sortedConcat } from './stats.ts';
import { ROWS, printReport, type Outcome, type Row, type RowResult } from './report.ts';
import {
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

function startServer(row: Row, dir: string, profileFile: string | null): ServerChild {
  const env: NodeJS.ProcessEnv = {
    BENCH_DATA_DIR: dir,
    BENCH_STORAGE: row.storage ? 'sqlite' : 'memory',
    YPERSISTENCE: row.kind === 'y-websocket' && row.storage ? join(dir, 'leveldb') : undefined,
    BENCH_SQLITE_FILE:
      row.kind === 'hocuspocus' && row.storage ? join(dir, 'hocuspocus.sqlite') : undefined,
    BENCH_CPU_PROFILE: profileFile ?? undefined,
  };
  return new Child(`${row.name} server`, `./servers/${row.kind}.ts`, {
    env,
    execArgv: ['--expose-gc'],
    cpu: options.pin ? SERVER_CPU : undefined,
  });
}

/** Load processes with whole documents each, round-robin, told to connect. */
function startLoads(row: Row, port: number, tokens: (string | null)[][]): LoadChild[] {
  const shares: LoadDoc[][] = Array.from({ length: options.workers }, () => []);
  docNames.forEach((name, d) =>
    shares[d % options.workers]?.push({ name, tokens: tokens[d] ?? [] }),
  );
  return shares
    .filter((docs) => docs.length > 0)
    .map((docs, w) => {
      const load: LoadChild = new Child(`${row.name} load #${w}`, './load-client.ts', {
        cpu: options.pin ? LOAD_CPU : undefined,
      });
      load.send({
        type: 'setup',
        setup: {
          kind: row.kind,
          url: `ws://127.0.0.1:${port}`,
          docs,
          rate: options.rate,
          batch: Math.ceil(options.batch / shares.length),
        },
      });
      return load;
    });
}

async function runRow(row: Row, profileFile: string | null): Promise<RowResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${row.name}-`));
  const children: Child<{ type: string }, { type: string }>[] = [];
  try {
    const tokens =
      row.kind === 'branchbook'
        ? await createAccounts(dir, docNames, clientsPerDoc)
        : clientsPerDoc.map((n) => Array<null>(n).fill(null));
    const server = startServer(row, dir, profileFile);
    children.push(server);
    const { port } = await server.next('ready', 30_000);
    const heap = async () => {
      server.send({ type: 'heap' });
      return server.next('heap', 30_000);
    };
    const baseline = await heap();

    const loads = startLoads(row, port, tokens);
    children.push(...loads);
    const connectStart = performance.now();
    await Promise.all(loads.map((load) => load.next('connected', 180_000)));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    log(`${row.name}: ${options.clients} clients connected in ${round(connectSeconds, 1)} s`);

    const windowStart = wallNow() + options.warmup * 1000;
    const windowEnd = windowStart + options.seconds * 1000;
    server.send({ type: 'load', windowStart, windowEnd });
    for (const load of loads)
      load.send({ type: 'run', windowStart, windowEnd, drainMs: options.drainMs });
    const serverWindow = await server.next('window', windowEnd - wallNow() + 60_000);
    const results: LoadResult[] = [];
    for (const load of loads)
      results.push((await load.next('result', options.drainMs + 60_000)).result);

    // Documents loaded, clients still connected.
    const loaded = await heap();
    for (const load of loads) load.send({ type: 'disconnect' });
    await Promise.all(loads.map((load) => load.next('disconnected', 30_000)));
    await Promise.all(loads.map((load) => load.stop()));
    const unloaded = await waitForUnload(heap);

    const latencies = sortedConcat(results.map((r) => r.latencies));
    const sum = (pick: (r: LoadResult) => number) => results.reduce((n, r) => n + pick(r), 0);
    const windowSeconds = (windowEnd - windowStart) / 1000;
    return {
      updatesPerSec: round(latencies.length / windowSeconds, 1),
      sentPerSec: round(sum((r) => r.sent) / windowSeconds, 1),
      delivered: round(
        latencies.length /
          Math.max(
            1,
            sum((r) => r.expected),
          ),
        4,
      ),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? NaN),
      heapMBPerLoadedDoc: round((loaded.heapUsed - baseline.heapUsed) / MB / options.docs, 4),
      heapMBAfterUnload: round((unloaded.heapUsed - baseline.heapUsed) / MB, 2),
      docsLeftLoaded: unloaded.loadedDocs,
      socketsLeftOpen: unloaded.sockets,
      baselineHeapMB: round(baseline.heapUsed / MB, 1),
      serverCpuPct: round(serverWindow.cpuPct, 1),
      serverCpuWaitMs: round(serverWindow.cpuWaitMs, 0),
      loadCpuPct: round(
        sum((r) => r.cpu.cpuPct),
        1,
      ),
      serverLoopDelayP99Ms: round(serverWindow.loopDelayP99Ms),
      serverLoopDelayMaxMs: round(serverWindow.loopDelayMaxMs),
      loadCpuWaitMs: round(
        sum((r) => r.cpu.cpuWaitMs),
        0,
      ),
      connectSeconds: round(connectSeconds, 1),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

type Heap = Extract<FromServer, { type: 'heap' }>;

/**
 * Heap once the server has closed every connection and unloaded every document, or once neither
 * count has changed for 3 s (a server that keeps documents), at most 30 s.
 */
async function waitForUnload(heap: () => Promise<Heap>): Promise<Heap> {
  const started = Date.now();
  let last = await heap();
  let changedAt = Date.now();
  const settled = (h: Heap) => h.loadedDocs === 0 && h.sockets === 0;
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
      (options.pin ? `, server on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}` : ', not pinned'),
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
      (options.pin ? `server pinned to CPU ${SERVER_CPU}, load to CPU ${LOAD_CPU}` : 'not pinned'),
  );
  console.log(`wall clock: ${round((performance.now() - began) / 1000, 1)} s`);
  console.log(JSON.stringify(outcomes));
}

await main();
