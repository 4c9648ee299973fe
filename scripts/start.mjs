#!/usr/bin/env node
// `pnpm start`: builds the app if the build is missing or older than its sources, then runs the
// sync server (which serves it) with the embedded defaults: SQLite in ./data, no other service.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildIndex = join(root, 'app/build/index.html');
const sources = ['app/src', 'app/static', 'app/svelte.config.js', 'app/vite.config.ts', 'packages'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

const builtAt = existsSync(buildIndex) ? statSync(buildIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
if (builtAt < sourcesAt) {
  console.log(builtAt ? 'App sources changed; rebuilding…' : 'Building the app (first start)…');
  const pnpm = process.env.npm_execpath;
  const [cmd, args] = pnpm ? [process.execPath, [pnpm]] : ['pnpm', []];
  const result = spawnSync(cmd, [...args, '-F', '@branchbook/app', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('Building the app failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

// Node with tsx's loader (resolved from sync-server/), so signals reach the server itself.
// Relative paths such as DATA_DIR stay relative to where the user ran the command (INIT_CWD).
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: join(root, 'sync-server'),
  env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
