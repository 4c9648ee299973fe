/**
 * The capacity scenario's rules: what a window at one per-client rate says (kept up or not, and
 * whose fault it was), and which rate to try next. Pure, so the orchestrator only measures.
 */
import { round } from './stats.ts';

/** Kept up: at least this share of the receipts arrived within the drain window… */
export const MIN_DELIVERED = 0.99;
/** …and the 99th-percentile fan-out latency stayed at or below this. */
export const MAX_P99_MS = 100;
/** The load processes are the limit when they use this share of the CPU they may use… */
const LOAD_SATURATED = 0.85;
/** …or send less than this share of the updates they were asked to (of at least as many as these). */
const LOAD_SENT_SHARE = 0.95;
const LOAD_SENT_MIN_ASKED = 200;
/**
 * The server's main thread (or the load's, all together) waiting this share of the window for
 * its CPU: other processes had it.
 */
const CROWDED = 0.1;
/**
 * The server is the one behind only when it was busy: this much of a core, or its event loop
 * this late at p99 (ms). Late receipts from a server that was neither came from elsewhere.
 */
const SERVER_BUSY_PCT = 80;
const SERVER_LOOP_LATE_MS = 20;

/** One measured window, as the capacity rules see it. */
export interface WindowFacts {
  /** Updates per second per client asked of the load. */
  rate: number;
  clients: number;
  windowSeconds: number;
  sent: number;
  /** Receipts expected for what was sent (each update goes to every other client of its document). */
  expected: number;
  receipts: number;
  p99Ms: number;
  serverCpuPct: number;
  serverCpuWaitMs: number;
  /** The server's event-loop delay at p99 in the window, ms (the latest process's). */
  serverLoopDelayP99Ms: number;
  loadCpuPct: number;
  loadCpuWaitMs: number;
  /** The CPU the load processes may use together, % of one core (100 when pinned to one CPU). */
  loadBudgetPct: number;
  /** Busy share of all the machine's CPUs in the window, %. */
  machineBusyPct: number;
}

export type Blame = 'server' | 'load' | 'machine';

export interface Step {
  rate: number;
  /** Receipts per second the load was asked for: rate × clients × (clients per document − 1). */
  offeredReceiptsPerSec: number;
  receiptsPerSec: number;
  /** Server CPU ms (all processes) per 1,000 receipts in this window. */
  serverCpuMsPerThousand: number;
  delivered: number;
  p99Ms: number;
  serverCpuPct: number;
  serverCpuWaitMs: number;
  loadCpuPct: number;
  loadCpuWaitMs: number;
  machineBusyPct: number;
  /** Updates the load sent ÷ updates it was asked to send. */
  loadSentShare: number;
  /** The load processes were at their limit in this window (whatever the outcome). */
  loadSaturated: boolean;
  keptUp: boolean;
  /** Why it did not keep up, and whose fault that was (absent when it kept up). */
  failure?: { delivery: boolean; p99: boolean; blame: Blame };
}

export function judge(facts: WindowFacts, receiversPerUpdate: number): Step {
  const delivered = facts.receipts / Math.max(1, facts.expected);
  const asked = facts.rate * facts.clients * facts.windowSeconds;
  const loadSentShare = facts.sent / Math.max(1, asked);
  const loadAtCpu = facts.loadCpuPct >= LOAD_SATURATED * facts.loadBudgetPct;
  const loadBehind = asked >= LOAD_SENT_MIN_ASKED && loadSentShare < LOAD_SENT_SHARE;
  const loadSaturated = loadAtCpu || loadBehind;
  const deliveryFailed = delivered < MIN_DELIVERED;
  const p99Failed = !(facts.p99Ms <= MAX_P99_MS);
  const keptUp = !deliveryFailed && !p99Failed;
  const windowMs = facts.windowSeconds * 1000;
  const crowded =
    facts.serverCpuWaitMs >= CROWDED * windowMs ||
    // Behind on sending without being at its CPU: other processes had the load's CPU.
    (loadBehind && !loadAtCpu && facts.loadCpuWaitMs >= CROWDED * windowMs);
  const serverBusy =
    facts.serverCpuPct >= SERVER_BUSY_PCT || facts.serverLoopDelayP99Ms >= SERVER_LOOP_LATE_MS;
  const blame: Blame = loadAtCpu
    ? 'load'
    : crowded
      ? 'machine'
      : loadBehind
        ? 'load'
        : serverBusy
          ? 'server'
          : 'machine';
  const step: Step = {
    rate: facts.rate,
    offeredReceiptsPerSec: round(facts.rate * facts.clients * receiversPerUpdate, 0),
    receiptsPerSec: round(facts.receipts / facts.windowSeconds, 0),
    serverCpuMsPerThousand: round(
      (facts.serverCpuPct * 10 * 1000) / Math.max(1, facts.receipts / facts.windowSeconds),
      1,
    ),
    delivered: round(delivered, 4),
    p99Ms: round(facts.p99Ms),
    serverCpuPct: round(facts.serverCpuPct, 1),
    serverCpuWaitMs: round(facts.serverCpuWaitMs, 0),
    loadCpuPct: round(facts.loadCpuPct, 1),
    loadCpuWaitMs: round(facts.loadCpuWaitMs, 0),
    machineBusyPct: round(facts.machineBusyPct, 1),
    loadSentShare: round(loadSentShare, 3),
    loadSaturated,
    keptUp,
  };
  if (!keptUp)
    step.failure = {
      delivery: deliveryFailed,
      p99: p99Failed,
      blame,
    };
  return step;
}

/**
 * A shape's outcome: the highest step kept up with, and what ended the search: `server` (the
 * server fell behind: the capacity), `load` (the load processes hit their limit first: the
 * server kept up with at least this), `machine` (other processes took the server's or the
 * load's CPU, twice at the same rate),
 * `steps` (the last step allowed was kept up with: at least this). With no step kept up with,
 * the capacity is null and `limitedBy` says why the first failed.
 */
export interface Capacity {
  capacityReceiptsPerSec: number | null;
  /** The per-client rate of that step. */
  capacityRate: number | null;
  limitedBy: Blame | 'steps';
  steps: Step[];
}

export interface LadderOptions {
  /** The first rate (the default one). */
  start: number;
  /** Windows at most, retries and the refinement included. */
  maxSteps: number;
  /** After the first failure, try the geometric midpoint once (√2 resolution instead of 2). */
  refine: boolean;
}

/**
 * Raises the rate in doubling steps from `start` until a step is not kept up with (each rate
 * retried once when other processes took the CPUs), then optionally once between the last
 * good rate and the failed one. Stops early when the load saturated even in a step kept up
 * with: the next one would measure the load.
 */
export async function climb(
  options: LadderOptions,
  measure: (rate: number) => Promise<Step>,
): Promise<Capacity> {
  const steps: Step[] = [];
  let best: Step | null = null;
  let limitedBy: Capacity['limitedBy'] = 'steps';
  let rate = options.start;
  const retried = new Set<number>();
  let failedAt: number | null = null;
  while (steps.length < options.maxSteps) {
    const step = await measure(rate);
    steps.push(step);
    if (step.keptUp) {
      if (!best || step.receiptsPerSec > best.receiptsPerSec) best = step;
      if (failedAt !== null) break; // the refinement step
      if (step.loadSaturated) {
        limitedBy = 'load';
        break;
      }
      rate *= 2;
      continue;
    }
    const blame = step.failure?.blame ?? 'server';
    if (blame === 'machine' && !retried.has(rate)) {
      retried.add(rate);
      continue;
    }
    if (failedAt !== null) break; // the refinement failed too
    limitedBy = blame;
    failedAt = rate;
    if (!options.refine || !best || blame === 'load') break;
    rate = round(Math.sqrt(best.rate * failedAt), 3);
  }
  return {
    capacityReceiptsPerSec: best ? best.receiptsPerSec : null,
    capacityRate: best ? best.rate : null,
    limitedBy,
    steps,
  };
}
