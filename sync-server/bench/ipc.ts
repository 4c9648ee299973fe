/** Messages between the bench orchestrator (`run.ts`) and its child processes, over fork IPC. */
import { readFileSync } from 'node:fs';

/** Which server a load client talks to; decides the client library and URL layout. */
export type ServerKind = 'branchbook' | 'y-websocket' | 'hocuspocus' | 'floor';

// ---- orchestrator ⇄ server child (`servers/*.ts`) ----

export type ToServer =
  | { type: 'heap' }
  /**
   * Load starts (warm-up now; the optional CPU profile starts here, so its start-up stall is not
   * measured). The server child times the window itself: messages would queue behind its load.
   */
  | { type: 'load'; windowStart: number; windowEnd: number };

export type FromServer =
  | { type: 'ready'; port: number }
  | {
      type: 'heap';
      heapUsed: number;
      loadedDocs: number;
      /** TCP sockets still open (connections, not the listener). */
      sockets: number;
    }
  | ({
      /** Sent when the window has ended. */
      type: 'window';
      /** Event-loop delay in the window: p99 and longest stall, in ms. */
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    } & CpuUse);

// ---- orchestrator ⇄ load child (`load-client.ts`) ----

export interface LoadDoc {
  name: string;
  /** One entry per client of this document: its sign-in token, or null when the server has no auth. */
  tokens: (string | null)[];
}

export interface LoadSetup {
  kind: ServerKind;
  /**
   * `ws://host:port` of each server process; each kind appends its own path. Client k (counted
   * over this load child) connects to `urls[k % urls.length]`.
   */
  urls: string[];
  docs: LoadDoc[];
  /** Clients connecting at once. */
  batch: number;
}

export type ToLoad =
  | { type: 'setup'; setup: LoadSetup }
  | {
      type: 'run';
      /** Updates per second per client in this window. */
      rate: number;
      /** Wall-clock ms (epoch) bounding the measured window; sending stops at `windowEnd`. */
      windowStart: number;
      windowEnd: number;
      /** How long to keep listening after `windowEnd` for updates still in flight. */
      drainMs: number;
    }
  | { type: 'disconnect' };

export interface LoadResult {
  /** Updates sent inside the window. */
  sent: number;
  /** Receipts expected for them: each goes to every other client of its document. */
  expected: number;
  /** Fan-out latencies (ms) of updates sent inside the window, one per receipt. */
  latencies: Float64Array;
  cpu: CpuUse;
}

export type FromLoad =
  | { type: 'connected'; clients: number; ms: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'disconnected' }
  | { type: 'failed'; error: string };

export interface CpuUse {
  /** CPU time (user + system) over wall time, as % of one core. */
  cpuPct: number;
  /**
   * Time the main thread was ready to run but waited for a CPU (Linux schedstat; NaN elsewhere):
   * other processes took the core. Large values mean the latencies measured then are not clean.
   */
  cpuWaitMs: number;
}

/** Waits out [start, end) by wall clock, as this process's timers see it; its CPU use meanwhile. */
export async function cpuOver(start: number, end: number): Promise<CpuUse> {
  await sleepUntil(start);
  const cpu = process.cpuUsage();
  const waited = runQueueWaitMs();
  const began = wallNow();
  await sleepUntil(end);
  const used = process.cpuUsage(cpu);
  return {
    cpuPct: (100 * (used.user + used.system)) / 1000 / (wallNow() - began),
    cpuWaitMs: runQueueWaitMs() - waited,
  };
}

/** The main thread's total run-queue wait so far, in ms. */
function runQueueWaitMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

export function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - wallNow())));
}

/** Wall-clock time in ms with sub-ms resolution, comparable across processes on one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
