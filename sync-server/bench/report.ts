import type { ServerKind } from './ipc.ts';
import { round, table } from './stats.ts';

export interface Row {
  name: string;
  kind: ServerKind;
  storage: boolean;
  /**
   * Scale-out rows: this many processes on PostgreSQL and Redis. Absent: one process on the
   * kind's embedded storage.
   */
  cluster?: number;
}

export const ROWS: Row[] = [
  { name: 'branchbook', kind: 'branchbook', storage: true },
  { name: 'branchbook-nostore', kind: 'branchbook', storage: false },
  { name: 'y-websocket', kind: 'y-websocket', storage: true },
  { name: 'y-websocket-nostore', kind: 'y-websocket', storage: false },
  { name: 'hocuspocus', kind: 'hocuspocus', storage: true },
  { name: 'hocuspocus-nostore', kind: 'hocuspocus', storage: false },
  { name: 'scale-out-1', kind: 'branchbook', storage: true, cluster: 1 },
  { name: 'scale-out-2', kind: 'branchbook', storage: true, cluster: 2 },
];

const STORAGE: Record<ServerKind, string> = {
  branchbook: 'SQLite',
  'y-websocket': 'LevelDB',
  hocuspocus: 'SQLite ext.',
};

export interface RowResult {
  /** Server processes sharing the load. */
  processes: number;
  updatesPerSec: number;
  sentPerSec: number;
  /** Receipts / expected receipts of the updates sent in the window. */
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  heapMBPerLoadedDoc: number;
  heapMBAfterUnload: number;
  /** Documents loaded while clients were connected, counted in every process that held one. */
  docsLoaded: number;
  /** Documents still loaded when the after-unload heap was taken. */
  docsLeftLoaded: number;
  /** Server connections still open then. */
  socketsLeftOpen: number;
  baselineHeapMB: number;
  /** Server CPU during the window, % of one core (all processes together). */
  serverCpuPct: number;
  /** Server CPU ms (all processes) per 1,000 receipts. */
  serverCpuMsPerThousand: number;
  /** The server's main thread waiting for a CPU taken by other processes, ms in the window. */
  serverCpuWaitMs: number;
  /** Load processes' CPU during the window, % of one core (all of them together). */
  loadCpuPct: number;
  /** Load processes' main threads waiting for a CPU, ms in the window (all together). */
  loadCpuWaitMs: number;
  serverLoopDelayP99Ms: number;
  /** Longest event-loop stall in the window (a long stall is one sample, so p99 hides it). */
  serverLoopDelayMaxMs: number;
  /** Busy share of all the machine's CPUs in the window, %. */
  machineBusyPct: number;
  /** PostgreSQL's and Redis's processes on this machine, % of one core in the window. */
  postgresCpuPct: number;
  redisCpuPct: number;
  connectSeconds: number;
}

export type Outcome = RowResult | { error: string } | { skipped: string };

const measured = (o: Outcome | undefined): o is RowResult =>
  o !== undefined && !('error' in o) && !('skipped' in o);

function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${round(a / b)}×` : 'n/a';
}

/** The table and the Branchbook-vs-peer ratios, on stdout. */
export function printReport(
  rows: Row[],
  outcomes: Record<string, Outcome>,
  options: { clients: number; docs: number; rate: number; seconds: number },
): void {
  const header = [
    'server',
    'storage',
    'updates/s',
    'sent/s',
    'delivered',
    'p50 ms',
    'p99 ms',
    'max ms',
    'heap MB/doc',
    'heap MB after unload',
    'docs left',
    'server CPU',
    'CPU wait ms',
    'load CPU',
    'CPU wait ms',
    'loop p99 ms',
    'loop max ms',
    'machine busy',
  ];
  const lines = rows.map((row) => {
    const o = outcomes[row.name];
    const storage = storageLabel(row);
    if (o && 'skipped' in o) return [row.kind, storage, `skipped: ${o.skipped}`];
    if (!measured(o)) return [row.kind, storage, `failed: ${o?.error ?? '?'}`];
    return [
      row.kind,
      storage,
      String(o.updatesPerSec),
      String(o.sentPerSec),
      `${round(o.delivered * 100, 2)}%`,
      String(o.p50Ms),
      String(o.p99Ms),
      String(o.maxMs),
      String(o.heapMBPerLoadedDoc),
      String(o.heapMBAfterUnload),
      String(o.docsLeftLoaded),
      `${o.serverCpuPct}%`,
      String(o.serverCpuWaitMs),
      `${o.loadCpuPct}%`,
      String(o.loadCpuWaitMs),
      String(o.serverLoopDelayP99Ms),
      String(o.serverLoopDelayMaxMs),
      `${o.machineBusyPct}%`,
    ];
  });
  console.log(
    `\n${options.clients} clients, ${options.docs} docs, ${options.rate} updates/s per client, ` +
      `${options.seconds} s measured; latency = sender → each other client of the doc\n`,
  );
  console.log(table(header, lines));
  console.log(
    '\nupdates/s: receipts per second at receivers; heap MB/doc: (heap with docs loaded and clients ' +
      'connected − baseline) / docs; after unload: heap − baseline once clients left; loop: ' +
      'event-loop delay; CPU wait: time the main thread was runnable but other processes had the ' +
      "CPU (when large, that row's tail latencies measure the machine, not the server).",
  );

  const ratioLines: string[][] = [];
  for (const ours of rows.filter((row) => row.kind === 'branchbook' && !row.cluster)) {
    const a = outcomes[ours.name];
    for (const peer of rows.filter(
      (row) => row.kind !== 'branchbook' && row.storage === ours.storage,
    )) {
      const b = outcomes[peer.name];
      if (!measured(a) || !measured(b)) continue;
      ratioLines.push([
        ours.name,
        peer.name,
        ratio(a.updatesPerSec, b.updatesPerSec),
        ratio(a.p99Ms, b.p99Ms),
      ]);
    }
  }
  if (ratioLines.length > 0) {
    console.log('\nBranchbook vs peers (throughput >1× is better, p99 <1× is better)\n');
    console.log(table(['ours', 'peer', 'throughput', 'p99'], ratioLines));
  }
  printScaleOut(rows, outcomes);
}

function storageLabel(row: Row): string {
  if (row.cluster)
    return `PostgreSQL + Redis, ${row.cluster} process${row.cluster > 1 ? 'es' : ''}`;
  return row.storage ? STORAGE[row.kind] : 'none';
}

/** The same load over one and over two processes on one PostgreSQL and Redis, side by side. */
function printScaleOut(rows: Row[], outcomes: Record<string, Outcome>): void {
  const one = rows.find((row) => row.cluster === 1);
  const two = rows.find((row) => row.cluster === 2);
  const a = one && outcomes[one.name];
  const b = two && outcomes[two.name];
  if (!measured(a) || !measured(b)) return;
  const line = (what: string, pick: (o: RowResult) => number, unit = '') => [
    what,
    `${pick(a)}${unit}`,
    `${pick(b)}${unit}`,
    ratio(pick(b), pick(a)),
  ];
  console.log('\nScale-out: the same load over 1 and 2 processes on one PostgreSQL and Redis\n');
  console.log(
    table(
      ['', '1 process', '2 processes', '2 ÷ 1'],
      [
        line('updates/s', (o) => o.updatesPerSec),
        line('delivered', (o) => round(o.delivered * 100, 2), '%'),
        line('p50 ms', (o) => o.p50Ms),
        line('p99 ms', (o) => o.p99Ms),
        line('server CPU (all processes)', (o) => o.serverCpuPct, '%'),
        line('server CPU ms per 1,000 updates', (o) => o.serverCpuMsPerThousand),
        line('PostgreSQL CPU', (o) => o.postgresCpuPct, '%'),
        line('Redis CPU', (o) => o.redisCpuPct, '%'),
        line('load generators CPU', (o) => o.loadCpuPct, '%'),
        line('machine busy (all CPUs)', (o) => o.machineBusyPct, '%'),
        line('server heap MB per loaded doc (all processes)', (o) => o.heapMBPerLoadedDoc),
      ],
    ),
  );
  console.log(
    '\nWith two processes a document open on both is held by both, every update is published to ' +
      'Redis and applied by the other process as well, and each process stores only what its own ' +
      'clients send: the CPU and heap per update rise; the gain is that each process carries ' +
      'half the sockets. When the machine is busy near 100%, its CPUs (shared with PostgreSQL, ' +
      'Redis and the load generators) are the limit, not the server.',
  );
}
