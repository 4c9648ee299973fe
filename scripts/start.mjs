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
  // The build's own output (Vite's chunk list and plugin timings, SvelteKit's "Run npm run
  // preview…") is noise to an operator starting the server: keep it, and show it only on failure.
  console.log(
    builtAt
      ? '应用源码有改动，正在重新构建… (rebuilding the app)'
      : '正在构建应用… (building the app, first start)',
  );
  const started = Date.now();
  const pnpm = process.env.npm_execpath;
  const [cmd, args] = pnpm ? [process.execPath, [pnpm]] : ['pnpm', []];
  const result = spawnSync(cmd, [...args, '-F', '@branchbook/app', 'build'], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    if (result.error) console.error(result.error.message);
    console.error('构建应用失败，见上面的输出。Building the app failed; see the output above.');
    process.exit(result.status ?? 1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`应用已构建，用时 ${seconds} 秒 (built in ${seconds}s)`);
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
