import { ConfigError, configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { openStorage } from './storage/open-storage.ts';
import { Accounts } from './auth/accounts.ts';
import { DocumentAccess } from './auth/document-access.ts';
import { apiRoutes } from './api/api-routes.ts';
import { RedisFanout } from './cluster/redis-fanout.ts';
import { localOnly, type Fanout } from './cluster/fanout.ts';
import { startServer } from './server.ts';

let config;
try {
  config = configFromEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`配置错误 / configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
const log = createLogger(config.logLevel);
const storage = await openStorage(config);
let fanout: Fanout = localOnly;
if (config.redisUrl) {
  const redis = new RedisFanout(config.redisUrl, log, config.databaseSchema);
  // Start serving only once other processes can be heard.
  await redis.ready();
  fanout = redis;
}
const accounts = new Accounts(storage.auth);
const server = await startServer(config, {
  store: storage.docs,
  access: new DocumentAccess(storage.auth, accounts),
  api: apiRoutes({ auth: storage.auth, accounts }),
  fanout,
  log,
});
log.info(
  { url: server.url, storage: storage.kind, fanout: config.redisUrl ? 'redis' : 'none' },
  'listening',
);
console.log(`支部手记 Branchbook is running at ${server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => fanout.close())
      .then(() => storage.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  });
}
