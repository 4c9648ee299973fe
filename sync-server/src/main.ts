import { ConfigError, configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { assembleServer } from './assemble.ts';
import { STORAGE_REFUSED_EXIT_CODE, StorageRefused } from './storage/storage-health.ts';

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
let running;
try {
  running = await assembleServer(config, log);
} catch (error) {
  if (error instanceof StorageRefused) {
    console.error(error.message);
    process.exit(STORAGE_REFUSED_EXIT_CODE);
  }
  throw error;
}
log.info(
  { url: running.server.url, storage: running.storage, fanout: running.fanout },
  'listening',
);
console.log(`支部手记 Branchbook is running at ${running.server.url}`);
if (running.setupUrl !== null) {
  console.log(
    '首次启动：打开上面日志中的 setupUrl 链接 / first start: open the setupUrl logged above',
  );
}

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
