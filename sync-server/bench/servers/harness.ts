import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuOver, sleepUntil, type FromServer, type ToServer } from '../ipc.ts';

const LOOP_RESOLUTION_MS = 10;

/** What each server wrapper gives the harness once it listens. */
export interface BenchServer {
  port: number;
  /** Documents the server holds in memory now. */
  loadedDocs(): number;
  close(): Promise<void>;
}

/**
 * Runs inside a server child (started with `--expose-gc`): answers the orchestrator's heap and
 * CPU questions over IPC, so nothing about measuring lives in the server under test. With
 * BENCH_CPU_PROFILE=<file>, writes a V8 CPU profile of the first warm-up and window there.
 */
export async function serveBench(start: () => Promise<BenchServer>): Promise<void> {
  const gc = globalThis.gc;
  if (!process.send || !gc) throw new Error('run me with child_process.fork and --expose-gc');
  const send = (message: FromServer) => process.send?.(message);
  const server = await start();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const profiler = profileFile ? new Session() : null;
  profiler?.connect();

  // Only the first window is profiled (the default rate's; capacity steps follow it).
  let profiling = profiler !== null;
  async function load(windowStart: number, windowEnd: number): Promise<void> {
    const profiled = profiling;
    profiling = false;
    if (profiler && profiled) {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const [, cpu] = await Promise.all([
      sleepUntil(windowStart).then(() => loopDelay.reset()),
      cpuOver(windowStart, windowEnd),
    ]);
    send({
      type: 'window',
      ...cpu,
      // The histogram holds whole sampling intervals: only what exceeds one is delay.
      loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
    });
    if (profiler && profiled && profileFile) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
    }
  }

  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'heap': {
        // Several passes: weak references and finalizers free more on the second and third.
        for (let i = 0; i < 4; i++) gc();
        send({
          type: 'heap',
          heapUsed: process.memoryUsage().heapUsed,
          loadedDocs: server.loadedDocs(),
          sockets: process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length,
        });
        return;
      }
      case 'load':
        void load(message.windowStart, message.windowEnd);
        return;
    }
  });
  // The orchestrator closing IPC is the stop signal.
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: server.port });
}
