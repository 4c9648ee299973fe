import { ConfigError, configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { SqliteStore } from './storage/sqlite-store.ts';
import { SqliteAuthStore } from './auth/sqlite-auth-store.ts';
import { Accounts } from './auth/accounts.ts';
import { DocumentAccess } from './auth/document-access.ts';
import { apiRoutes } from './api/api-routes.ts';
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
const store = SqliteStore.open(config.dataDir);
const auth = new SqliteAuthStore(store.db);
const accounts = new Accounts(auth);
const server = await startServer(config, {
  store,
  access: new DocumentAccess(auth, accounts),
  api: apiRoutes({ auth, accounts }),
  log,
});
log.info({ url: server.url, dataDir: config.dataDir }, 'listening');
console.log(`支部手记 Branchbook is running at ${server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  });
}
