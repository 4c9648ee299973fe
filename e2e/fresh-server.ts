import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface FreshServer {
  url: string;
  /** The one-time setup link the server logged on its first start. */
  setupUrl: string;
  /** Every stdout line so far (JSON log lines and the "running at" line). */
  lines: string[];
  close(): Promise<void>;
}

/**
 * A server of its own on a fresh, empty data directory, as on an institution's first start —
 * the other journeys share global-setup's server, whose registry their helpers fill. Logs at
 * `info`, so its setup line is on stdout; resolves once it has logged that line and listens.
 */
export async function startFreshServer(): Promise<FreshServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'branchbook-e2e-fresh-'));
  // Its own SQLite in the fresh data dir, whatever the environment names: with CI's
  // DATABASE_URL it would share a PostgreSQL registry that other runs have filled, and never
  // log a setup link.
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'REDIS_URL']) delete env[name];
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'sync-server'),
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const started = await new Promise<{ url: string; setupUrl: string }>((resolve, reject) => {
    let pending = '';
    let url = '';
    let setupUrl = '';
    server.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        url ||= /running at (http:\/\/\S+)/.exec(line)?.[1] ?? '';
        if (line.startsWith('{')) {
          const entry = JSON.parse(line) as { setupUrl?: string };
          if (entry.setupUrl) setupUrl = entry.setupUrl;
        }
      }
      if (url && setupUrl) resolve({ url, setupUrl });
    });
    server.on('exit', (code) =>
      reject(new Error(`fresh sync server exited early (${code}):\n${lines.join('\n')}`)),
    );
  });
  return {
    ...started,
    lines,
    async close() {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
