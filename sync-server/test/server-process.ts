import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/**
 * A free loopback port, so a restarted server can come back where clients reconnect. Taken below
 * the kernel's ephemeral range (32768–60999 by default): a port handed out by `listen(0)` could be
 * given to another test's server between a kill and the restart (the durability test once failed
 * that way in a full parallel run); ports chosen here never are.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Runs `src/main.ts` as its own process, the way `pnpm start` does; killed when the test ends. */
export async function spawnServer(
  env: Record<string, string>,
  options: { maxOpenFiles?: number } = {},
): Promise<ServerProcess> {
  // Node itself with tsx's loader, not the tsx binary: SIGKILL must hit the server, not a wrapper.
  const node = [process.execPath, '--import', 'tsx', 'src/main.ts'];
  // With a file limit, a shell sets it and then `exec`s node: the pid is still the server's.
  const [command, ...args] = options.maxOpenFiles
    ? ['bash', '-c', `ulimit -n ${options.maxOpenFiles} && exec "$@"`, 'bash', ...node]
    : node;
  const child = spawn(command as string, args, {
    cwd: packageDir,
    // SQLite and a single process unless the test names PostgreSQL and Redis itself.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      APP_DIR: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    void exited.then(({ code }) =>
      reject(new Error(`server exited (${code}) before listening:\n${out}`)),
    );
  });
  return { child, url, exited, output: () => out };
}
