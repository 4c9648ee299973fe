import type { ServerKind } from './ipc.ts';
import { round, table } from './stats.ts';

export interface Row {
  name: string;
  kind: ServerKind;
  storage: boolean;
}

export const ROWS: Row[] = [
  { name: 'branchbook', kind: 'branchbook', storage: true },
  { name: 'branchbook-nostore', kind: 'branchbook', storage: false },
  { name: 'y-websocket', kind: 'y-websocket', storage: true },
  { name: 'y-websocket-nostore', kind: 'y-websocket', storage: false },
  { name: 'hocuspocus', kind: 'hocuspocus', storage: true },
  { name: 'hocuspocus-nostore', kind: 'hocuspocus', storage: false },
];

const STORAGE: Record<ServerKind, string> = {
  branchbook: 'SQLite',
  'y-websocket': 'LevelDB',
  hocuspocus: 'SQLite ext.',
};

export interface RowResult {
  updatesPerSec: number;
  sentPerSec: number;
  /** Receipts / expected receipts of the updates sent in the window. */
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  heapMBPerLoadedDoc: number;
  heapMBAfterUnload: number;
  /** Documents still loaded when the after-unload heap was taken. */
  docsLeftLoaded: number;
  /** Server connections still open then. */
  socketsLeftOpen: number;
  baselineHeapMB: number;
  /** Server CPU during the window, % of one core. */
  serverCpuPct: number;
  /** The server's main thread waiting for a CPU taken by other processes, ms in the window. */
  serverCpuWaitMs: number;
  /** Load processes' CPU during the window, % of one core (all of them together). */
  loadCpuPct: number;
  /** Load processes' main threads waiting for a CPU, ms in the window (all together). */
  loadCpuWaitMs: number;
  serverLoopDelayP99Ms: number;
  /** Longest event-loop stall in the window (a long stall is one sample, so p99 hides it). */
  serverLoopDelayMaxMs: number;
  connectSeconds: number;
}

export type Outcome = RowResult | { error: string };

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
  ];
  const lines = rows.map((row) => {
    const o = outcomes[row.name];
    const storage = row.storage ? STORAGE[row.kind] : 'none';
    if (!o || 'error' in o) return [row.kind, storage, `failed: ${o?.error ?? '?'}`];
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
  for (const ours of rows.filter((row) => row.kind === 'branchbook')) {
    const a = outcomes[ours.name];
    for (const peer of rows.filter(
      (row) => row.kind !== 'branchbook' && row.storage === ours.storage,
    )) {
      const b = outcomes[peer.name];
      if (!a || !b || 'error' in a || 'error' in b) continue;
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
}
