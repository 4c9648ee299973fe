import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { openStorage, type Storage } from './storage/open-storage.ts';
import type { DocStore } from './storage/doc-store.ts';
import { Accounts } from './auth/accounts.ts';
import { DocumentAccess } from './auth/document-access.ts';
import { apiRoutes } from './api/api-routes.ts';
import { RedisFanout } from './cluster/redis-fanout.ts';
import { localOnly, type Fanout } from './cluster/fanout.ts';
import { startServer, type RunningServer } from './server.ts';

export interface AssembledServer {
  readonly server: RunningServer;
  readonly storage: Storage['kind'];
  readonly fanout: 'redis' | 'none';
  /** Stops serving (flushing what is pending), then leaves Redis, then closes storage. */
  close(): Promise<void>;
}

/**
 * The server as configured: storage (SQLite, or PostgreSQL with `databaseUrl`), fan-out to other
 * processes (Redis with `redisUrl`), access from the auth records, the HTTP API. `src/main.ts`
 * runs this; the benchmark runs the same, optionally with its own document store (`docs`).
 */
export async function assembleServer(
  config: Config,
  log: Logger,
  replace: { docs?: DocStore } = {},
): Promise<AssembledServer> {
  const storage = await openStorage(config);
  let fanout: Fanout = localOnly;
  try {
    if (config.redisUrl) {
      const redis = new RedisFanout(config.redisUrl, log, config.databaseSchema);
      fanout = redis;
      // Start serving only once other processes can be heard.
      await redis.ready();
    }
    const accounts = new Accounts(storage.auth);
    const server = await startServer(config, {
      store: replace.docs ?? storage.docs,
      access: new DocumentAccess(storage.auth, accounts),
      api: apiRoutes({ auth: storage.auth, accounts }),
      fanout,
      log,
    });
    return {
      server,
      storage: storage.kind,
      fanout: config.redisUrl ? 'redis' : 'none',
      async close() {
        await server.close();
        await fanout.close();
        await storage.close();
      },
    };
  } catch (error) {
    await fanout.close();
    await storage.close();
    throw error;
  }
}
