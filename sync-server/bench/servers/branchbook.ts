/**
 * Server child: this repo's server exactly as `src/main.ts` assembles it (auth records, the real
 * access policy, the HTTP API, Redis fan-out when clustered), with storage chosen by BENCH_STORAGE:
 * `sqlite` (the default deployment), `memory` (documents on the heap: what storage costs) or
 * `postgres` (DATABASE_URL, DATABASE_SCHEMA and REDIS_URL: one process of a cluster).
 * Env: BENCH_DATA_DIR (SQLite accounts already created there by the orchestrator), BENCH_STORAGE.
 */
import { configFromEnv } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { assembleServer } from '../../src/assemble.ts';
import { MemoryStore } from './memory-store.ts';
import { serveBench } from './harness.ts';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');
const storage = process.env.BENCH_STORAGE ?? 'sqlite';
const clustered = storage === 'postgres';
if (clustered && !(process.env.DATABASE_URL && process.env.REDIS_URL))
  throw new Error('BENCH_STORAGE=postgres needs DATABASE_URL and REDIS_URL');

await serveBench(async () => {
  // The defaults of every setting, then what the bench needs.
  const defaults = configFromEnv({});
  const running = await assembleServer(
    {
      ...defaults,
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseUrl: clustered ? (process.env.DATABASE_URL ?? null) : null,
      databaseSchema: process.env.DATABASE_SCHEMA || 'public',
      redisUrl: clustered ? (process.env.REDIS_URL ?? null) : null,
      appDir: null,
      // All load clients come from 127.0.0.1: the per-IP connection limit would refuse most.
      limits: {
        ...defaults.limits,
        connectionsPerMinutePerIp: 1_000_000,
        maxConnectionsPerIp: 1_000_000,
      },
      idleUnloadMs: 0,
      logLevel: 'warn',
    },
    createLogger('warn'),
    storage === 'memory' ? { docs: new MemoryStore() } : {},
  );
  return {
    port: running.server.port,
    loadedDocs: () => running.server.rooms.size,
    close: () => running.close(),
  };
});
