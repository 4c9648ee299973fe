/**
 * The soak's server processes: `src/main.ts` exactly as `pnpm start` runs it (Node with tsx's
 * loader, so SIGKILL hits the server itself, not a wrapper), restarted on the same port and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SYNC_SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
/** How much of a server's output is kept, to show when it fails. */
const OUTPUT_TAIL = 16 * 1024;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A free loopback port, so a restarted server comes back where the clients reconnect. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One run of a server process, from spawn to exit. */
export class ServerRun {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  #output = '';

  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SYNC_SERVER_DIR,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), APP_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.#output;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Resolves once `/healthz` answers 200: first the process says it listens (its stdout line),
   * then health is asked until storage answers too. Throws if the process exits or `timeoutMs`
   * passes first.
   */
  async healthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let failure: Error | null = null;
    const exited = this.exited.then((exit) => {
      failure = new Error(
        `server exited (${exit.code ?? exit.signal}) before /healthz said 200:\n${this.#output}`,
      );
    });
    await Promise.race([this.#listening(), exited]);
    for (;;) {
      if (failure) throw failure;
      if (Date.now() > deadline)
        throw new Error(`/healthz not 200 within ${timeoutMs} ms:\n${this.#output}`);
      try {
        const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not answering yet: asked again below.
      }
      // Storage not ready yet (503): ask again shortly.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  #listening(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (/running at http/.test(this.#output)) {
          this.child.stdout?.off('data', check);
          resolve();
        }
      };
      this.child.stdout?.on('data', check);
      check();
    });
  }

  /** `branchbook_closed_connections_total` by close code, from this process's /metrics. */
  async closesByCode(): Promise<Map<string, number>> {
    const res = await fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    const text = await res.text();
    const closes = new Map<string, number>();
    for (const match of text.matchAll(
      /^branchbook_closed_connections_total\{code="(\d+)"\} (\d+(?:\.\d+)?)$/gm,
    )) {
      closes.set(match[1] ?? '', Number(match[2]));
    }
    return closes;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }
}

/** Resident memory of a process in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}
