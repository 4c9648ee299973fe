import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

/**
 * `@hocuspocus/extension-sqlite` needs the `sqlite3` package's native binding, which its install
 * script builds; pnpm 10 skips install scripts of packages not in `onlyBuiltDependencies`. If the
 * binding is missing, run that install script once (`prebuild-install || node-gyp rebuild`, about
 * a minute and a half on two cores). Returns null when sqlite3 loads, else why it does not.
 */
export function ensureSqlite3(): string | null {
  const require = createRequire(import.meta.url);
  const fromExtension = createRequire(require.resolve('@hocuspocus/extension-sqlite'));
  const entry = fromExtension.resolve('sqlite3');
  if (loads(entry)) return null;
  const dir = dirname(fromExtension.resolve('sqlite3/package.json'));
  console.error(
    'bench: building the sqlite3 native binding for @hocuspocus/extension-sqlite ' +
      '(pnpm skipped its install script; allowing sqlite3 in onlyBuiltDependencies avoids this)…',
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(dir, 'node_modules/.bin')}${delimiter}${process.env.PATH}`,
  };
  // Offline machines: use the headers installed next to this node instead of downloading them.
  const prefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include/node/node.h')))
    env.npm_config_nodedir = prefix;
  const build = spawnSync('prebuild-install -r napi || node-gyp rebuild -j 2', {
    cwd: dir,
    env,
    shell: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 8 * 60_000,
  });
  if (build.status !== 0) return `building sqlite3 failed (exit ${build.status ?? build.signal})`;
  return loads(entry) ? null : 'sqlite3 was built but still does not load';
}

/** In a fresh process: a failed native load must not poison this one's module cache. */
function loads(entry: string): boolean {
  const check = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)})`], {
    stdio: 'ignore',
  });
  return check.status === 0;
}
