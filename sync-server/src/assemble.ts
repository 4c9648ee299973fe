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
import { rateLimit } from './http/rate-limit.ts';
import { Redis } from 'ioredis';

export interface AssembledServer {
  readonly server: RunningServer;
  readonly storage: Storage['kind'];
  readonly fanout: 'redis' | 'none';
  /** On a first start (empty registry), the one-time setup link it logged; null otherwise. */
  readonly setupUrl: string | null;
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
  // Limits shared by every process (Redis), or this process's memory.
  let limitsRedis: Redis | null = null;
  try {
    if (config.redisUrl) {
      const redis = new RedisFanout(config.redisUrl, log, config.databaseSchema);
      fanout = redis;
      // Start serving only once other processes can be heard.
      await redis.ready();
      limitsRedis = new Redis(config.redisUrl, { enableOfflineQueue: false, lazyConnect: false });
    }
    const limitScope = config.databaseSchema;
    const redeemLimit = rateLimit({
      name: `${limitScope}:redeem`,
      points: config.limits.redeemsPerMinutePerIp,
      windowSeconds: 60,
      redis: limitsRedis,
    });
    const connectionLimit = rateLimit({
      name: `${limitScope}:connections`,
      points: config.limits.connectionsPerMinutePerIp,
      windowSeconds: 60,
      redis: limitsRedis,
    });
    const accounts = new Accounts(storage.auth);
    const server = await startServer(config, {
      store: replace.docs ?? storage.docs,
      access: new DocumentAccess(storage.auth, accounts),
      accessChanges: storage.auth,
      connectionLimit,
      api: apiRoutes({
        auth: storage.auth,
        accounts,
        redeemLimit,
        maxBodyBytes: config.limits.maxApiBodyBytes,
        trustProxy: config.trustProxy,
        timeZone: config.timeZone,
      }),
      fanout,
      log,
    });
    // The one line that carries the setup code: the hash part never reaches a server or a log.
    const setupCode = await accounts.firstStartSetupCode();
    const setupUrl = setupCode === null ? null : `${server.url}/setup#${setupCode}`;
    if (setupUrl !== null) {
      log.info(
        { setupUrl },
        'first start: open the setup link to create the institution and its organiser',
      );
    }
    return {
      server,
      storage: storage.kind,
      fanout: config.redisUrl ? 'redis' : 'none',
      setupUrl,
      async close() {
        await server.close();
        await fanout.close();
        limitsRedis?.disconnect();
        await storage.close();
      },
    };
  } catch (error) {
    limitsRedis?.disconnect();
    await fanout.close();
    await storage.close();
    throw error;
  }
}
