/**
 * Server child: this repo's server as `src/main.ts` wires it (SQLite auth records, the real access
 * policy), with the document store chosen by BENCH_STORAGE (`sqlite` or `memory`).
 * Env: BENCH_DATA_DIR (accounts already created there by the orchestrator), BENCH_STORAGE.
 */
import { configFromEnv } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer } from '../../src/server.ts';
import { SqliteStore } from '../../src/storage/sqlite-store.ts';
import { SqliteAuthStore } from '../../src/auth/sqlite-auth-store.ts';
import { Accounts } from '../../src/auth/accounts.ts';
import { DocumentAccess } from '../../src/auth/document-access.ts';
import { MemoryStore } from './memory-store.ts';
import { serveBench } from './harness.ts';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');
const durable = process.env.BENCH_STORAGE !== 'memory';

await serveBench(async () => {
  const sqlite = SqliteStore.open(dataDir);
  const auth = new SqliteAuthStore(sqlite.db);
  // The defaults of every setting, then what the bench needs.
  const defaults = configFromEnv({});
  const server = await startServer(
    {
      ...defaults,
      host: '127.0.0.1',
      port: 0,
      dataDir,
      appDir: null,
      // All load clients come from 127.0.0.1: the per-IP connection limit would refuse most.
      limits: { ...defaults.limits, connectionsPerMinutePerIp: 1_000_000 },
      idleUnloadMs: 0,
      logLevel: 'warn',
    },
    {
      store: durable ? sqlite : new MemoryStore(),
      access: new DocumentAccess(auth, new Accounts(auth)),
      log: createLogger('warn'),
    },
  );
  return {
    port: server.port,
    loadedDocs: () => server.rooms.size,
    async close() {
      await server.close();
      await sqlite.close();
    },
  };
});
