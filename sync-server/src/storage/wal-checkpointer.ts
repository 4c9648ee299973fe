import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's WAL checkpoints on a worker thread with its own connection. With the default
 * auto-checkpoint the checkpoint (and its fsyncs) runs inside whichever INSERT crosses the
 * threshold — on the event loop, stalling every document for up to ~200 ms (measured by the
 * benchmark). A PASSIVE checkpoint never blocks writers, so the worker can run it at any time.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest
 * and a plain build.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch { /* the main connection finishes it */ }
  db.close();
  parentPort.postMessage('stopped');
});
`;

export class WalCheckpointer {
  readonly #worker: Worker;

  constructor(file: string, intervalMs = 1000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs },
    });
    // The worker must never keep the process alive on its own.
    this.#worker.unref();
  }

  /** Final checkpoint, then the worker closes its connection and exits. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('exit', () => resolve());
      this.#worker.once('error', () => resolve());
    });
    this.#worker.postMessage('stop');
    await stopped;
    await this.#worker.terminate();
  }
}
