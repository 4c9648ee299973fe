import { ConfigError, configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { assembleServer } from './assemble.ts';

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
const running = await assembleServer(config, log);
log.info(
  { url: running.server.url, storage: running.storage, fanout: running.fanout },
  'listening',
);
console.log(`支部手记 Branchbook is running at ${running.server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  });
}
