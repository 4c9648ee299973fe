import { MAX_P99_MS, MIN_DELIVERED, type Capacity, type Step } from './capacity.ts';
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
  /** Runs the capacity scenario after the default rate (the default rows). */
  capacity?: boolean;
}

export const ROWS: Row[] = [
  { name: 'branchbook', kind: 'branchbook', storage: true, capacity: true },
  { name: 'y-websocket', kind: 'y-websocket', storage: true, capacity: true },
  { name: 'hocuspocus', kind: 'hocuspocus', storage: true, capacity: true },
  { name: 'floor', kind: 'floor', storage: false, capacity: true },
  { name: 'branchbook-nostore', kind: 'branchbook', storage: false },
  { name: 'y-websocket-nostore', kind: 'y-websocket', storage: false },
  { name: 'hocuspocus-nostore', kind: 'hocuspocus', storage: false },
  { name: 'scale-out-1', kind: 'branchbook', storage: true, cluster: 1 },
  { name: 'scale-out-2', kind: 'branchbook', storage: true, cluster: 2 },
];

/** What `pnpm bench` runs without --only or --all: the capacity rows. */
export const DEFAULT_ROWS: Row[] = ROWS.filter((row) => row.capacity);

const STORAGE: Record<ServerKind, string> = {
  branchbook: 'SQLite',
  'y-websocket': 'LevelDB',
  hocuspocus: 'SQLite ext.',
  floor: 'none (relay)',
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
  /** The same as serverCpuMsPerThousand, under the capacity scenario's name. */
  cpuMsPerThousandReceipts: number;
  /** Capacity rows: receipts/s of the highest step kept up with, spread and meeting shapes. */
  capacityReceiptsPerSec?: number | null;
  meetingCapacityReceiptsPerSec?: number | null;
  /** Every step of each shape. */
  capacity?: { spread: Capacity; meeting?: Capacity };
}

export type Outcome = RowResult | { error: string } | { skipped: string };

const measured = (o: Outcome | undefined): o is RowResult =>
  o !== undefined && !('error' in o) && !('skipped' in o);

function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${round(a / b)}×` : 'n/a';
}

interface ReportOptions {
  clients: number;
  docs: number;
  rate: number;
  seconds: number;
  stepSeconds: number;
  meetingClients: number;
  drainMs: number;
}

/** The table and the Branchbook-vs-peer ratios, on stdout. */
export function printReport(
  rows: Row[],
  outcomes: Record<string, Outcome>,
  options: ReportOptions,
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
      (row) => row.kind !== 'branchbook' && row.kind !== 'floor' && row.storage === ours.storage,
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
  printCapacity(rows, outcomes, options);
  printScaleOut(rows, outcomes);
}

function storageLabel(row: Row): string {
  if (row.cluster)
    return `PostgreSQL + Redis, ${row.cluster} process${row.cluster > 1 ? 'es' : ''}`;
  if (row.kind === 'floor') return STORAGE.floor;
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

/** A capacity as printed: `≥` when the search ended before the server fell behind. */
function capacityCell(capacity: Capacity | undefined): string {
  if (!capacity) return 'not run';
  const value = capacity.capacityReceiptsPerSec;
  const why = capacity.limitedBy === 'server' ? '' : ` (${capacity.limitedBy})`;
  if (value === null) return `none kept up${why}`;
  return `${capacity.limitedBy === 'server' ? '' : '≥'}${value}${why}`;
}

/** The step a capacity was taken from. */
function bestStep(capacity: Capacity | undefined): Step | undefined {
  if (!capacity || capacity.capacityRate === null) return undefined;
  return capacity.steps.find(
    (step) => step.keptUp && step.receiptsPerSec === capacity.capacityReceiptsPerSec,
  );
}

/**
 * ours ÷ theirs CPU per 1,000 receipts at the highest rate both kept up with: the cost under
 * heavy load, comparable even when the load processes ended the search.
 */
function sameRateCpu(ours: Capacity | undefined, theirs: Capacity | undefined): string {
  const kept = (capacity: Capacity | undefined) =>
    new Map((capacity?.steps ?? []).filter((s) => s.keptUp).map((s) => [s.rate, s]));
  const a = kept(ours);
  const b = kept(theirs);
  const rate = Math.max(...[...a.keys()].filter((r) => b.has(r)));
  const x = a.get(rate);
  const y = b.get(rate);
  if (!x || !y) return 'n/a';
  return `${ratio(x.serverCpuMsPerThousand, y.serverCpuMsPerThousand)} (${rate}/s)`;
}

/** ours ÷ theirs for capacities, marking a ratio that is only a bound (or unknown). */
function capacityRatio(ours: Capacity | undefined, theirs: Capacity | undefined): string {
  const a = ours?.capacityReceiptsPerSec;
  const b = theirs?.capacityReceiptsPerSec;
  if (a == null || b == null) return 'n/a';
  const exactA = ours?.limitedBy === 'server';
  const exactB = theirs?.limitedBy === 'server';
  if (!exactA && !exactB) return `? (both ≥)`;
  return `${exactA === exactB ? '' : exactA ? '≤' : '≥'}${ratio(a, b)}`;
}

/** The capacity scenario: each server's highest step, every step, and ours ÷ each peer and the floor. */
function printCapacity(
  rows: Row[],
  outcomes: Record<string, Outcome>,
  options: ReportOptions,
): void {
  const withCapacity = rows.filter((row) => {
    const o = outcomes[row.name];
    return measured(o) && o.capacity;
  });
  if (withCapacity.length === 0) return;
  console.log(
    `\nCapacity: the per-client rate doubled from ${options.rate}/s (${options.stepSeconds} s windows after the ` +
      `first) until a server fell behind: delivery below ${MIN_DELIVERED * 100}% within ${options.drainMs / 1000} s ` +
      `or p99 above ${MAX_P99_MS} ms; spread = ${options.clients} clients over ${options.docs} docs, ` +
      `meeting = ${options.meetingClients} clients on one doc\n`,
  );
  console.log(
    table(
      [
        'server',
        'storage',
        'spread receipts/s',
        'CPU ms/1,000 there',
        'meeting receipts/s',
        'CPU ms/1,000 there',
        `CPU ms/1,000 at ${options.rate}/s (spread)`,
      ],
      withCapacity.map((row) => {
        const o = outcomes[row.name] as RowResult;
        return [
          row.kind,
          storageLabel(row),
          capacityCell(o.capacity?.spread),
          String(bestStep(o.capacity?.spread)?.serverCpuMsPerThousand ?? 'n/a'),
          capacityCell(o.capacity?.meeting),
          String(bestStep(o.capacity?.meeting)?.serverCpuMsPerThousand ?? 'n/a'),
          String(o.cpuMsPerThousandReceipts),
        ];
      }),
    ),
  );
  console.log(
    '\nreceipts/s: of the highest step kept up with. (load): the load processes reached their CPU ' +
      'before the server fell behind, so the server kept up with at least that; (steps): the last ' +
      "step allowed was kept up with; (machine): other processes took the server's or the load's " +
      'CPU, or the receipts were late while the server was neither busy (80% of a core) nor late ' +
      '(event loop p99 20 ms), twice at the same rate: the machine was busy, run again when quiet.',
  );

  const stepLines: string[][] = [];
  for (const row of withCapacity) {
    const o = outcomes[row.name] as RowResult;
    for (const [shape, capacity] of Object.entries(o.capacity ?? {}))
      for (const step of capacity?.steps ?? [])
        stepLines.push([
          row.name,
          shape,
          String(step.rate),
          String(step.offeredReceiptsPerSec),
          String(step.receiptsPerSec),
          `${round(step.delivered * 100, 2)}%`,
          String(step.p99Ms),
          `${step.serverCpuPct}%`,
          String(step.serverCpuMsPerThousand),
          String(step.serverCpuWaitMs),
          `${step.loadCpuPct}%${step.loadSaturated ? ' !' : ''}`,
          `${step.machineBusyPct}%`,
          step.keptUp
            ? 'kept up'
            : `${[step.failure?.delivery ? 'delivery' : '', step.failure?.p99 ? 'p99' : '']
                .filter(Boolean)
                .join('+')} (${step.failure?.blame})`,
        ]);
  }
  console.log('\nCapacity steps (load CPU ! = the load processes were at their limit)\n');
  console.log(
    table(
      [
        'server',
        'shape',
        'rate/s',
        'offered',
        'receipts/s',
        'delivered',
        'p99 ms',
        'server CPU',
        'ms/1,000',
        'CPU wait ms',
        'load CPU',
        'machine busy',
        'verdict',
      ],
      stepLines,
    ),
  );

  const ours = withCapacity.find((row) => row.kind === 'branchbook' && !row.cluster);
  const a = ours && outcomes[ours.name];
  if (!ours || !measured(a)) return;
  const lines = withCapacity
    .filter((row) => row !== ours && !row.cluster)
    .map((row) => {
      const b = outcomes[row.name] as RowResult;
      return [
        ours.name,
        row.name,
        capacityRatio(a.capacity?.spread, b.capacity?.spread),
        capacityRatio(a.capacity?.meeting, b.capacity?.meeting),
        ratio(a.cpuMsPerThousandReceipts, b.cpuMsPerThousandReceipts),
        sameRateCpu(a.capacity?.spread, b.capacity?.spread),
        sameRateCpu(a.capacity?.meeting, b.capacity?.meeting),
      ];
    });
  if (lines.length === 0) return;
  console.log(
    '\nBranchbook ÷ each peer and ÷ the floor (capacity >1× is better, CPU <1× is better; ≥/≤: a ' +
      'bound). CPU/1,000 (at rate): server CPU per 1,000 receipts at the highest rate both kept up ' +
      'with — the cost under heavy load, comparable even when the load processes ended a search.\n',
  );
  console.log(
    table(
      [
        'ours',
        '÷',
        'spread capacity',
        'meeting capacity',
        `CPU per 1,000 receipts at ${options.rate}/s`,
        'spread CPU/1,000 (at rate)',
        'meeting CPU/1,000 (at rate)',
      ],
      lines,
    ),
  );
}
