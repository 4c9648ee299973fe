import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SYNC_SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A forked TypeScript child (run through tsx) and typed waiting on its IPC messages. */
export class Child<In extends { type: string }, Out extends { type: string }> {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  #inbox: Out[] = [];
  #waiting: (() => void)[] = [];

  constructor(
    readonly label: string,
    script: string,
    options: { env?: NodeJS.ProcessEnv; execArgv?: string[]; cpu?: string } = {},
  ) {
    this.process = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
      cwd: SYNC_SERVER_DIR,
      execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
      env: definedOnly({ ...process.env, ...options.env }),
      // The children's own output goes to our stderr: stdout is the report.
      stdio: ['ignore', 2, 2, 'ipc'],
      serialization: 'advanced',
    });
    if (options.cpu !== undefined && this.process.pid !== undefined)
      pin(this.process.pid, options.cpu);
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
    this.process.on('message', (message: Out) => {
      this.#inbox.push(message);
      for (const wake of this.#waiting.splice(0)) wake();
    });
    this.process.once('exit', () => {
      for (const wake of this.#waiting.splice(0)) wake();
    });
  }

  send(message: In): void {
    this.process.send(message);
  }

  /** The next message of `type` (earlier ones of other types are kept); throws on `failed` or exit. */
  async next<T extends Out['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failed = this.#inbox.find((m) => m.type === 'failed') as { error?: string } | undefined;
      if (failed) throw new Error(`${this.label}: ${failed.error ?? 'failed'}`);
      const index = this.#inbox.findIndex((m) => m.type === type);
      if (index >= 0) return this.#inbox.splice(index, 1)[0] as Extract<Out, { type: T }>;
      if (this.process.exitCode !== null || this.process.signalCode !== null)
        throw new Error(
          `${this.label} exited (${this.process.exitCode ?? this.process.signalCode})`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.label}: no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Asks nicely (closing IPC), then kills if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    if (this.process.connected) this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Drops keys set to undefined, so they are unset in the child rather than "undefined". */
function definedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Whether `taskset` can pin processes to CPUs here. */
export const canPin =
  spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;

function pin(pid: number, cpus: string): void {
  if (canPin) spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
}
