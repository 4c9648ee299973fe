import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const serverDir = fileURLToPath(new URL('../sync-server', import.meta.url));

/**
 * Runs the admin CLI (`pnpm admin …`) against the e2e server's data directory and returns its
 * stdout lines. The server reads the same SQLite file, so what this creates is live at once.
 */
export async function admin(...args: string[]): Promise<string[]> {
  const dataDir = process.env.BRANCHBOOK_DATA_DIR;
  if (!dataDir) throw new Error('BRANCHBOOK_DATA_DIR is not set: run through playwright.config.ts');
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(serverDir, 'src/admin/cli.ts'), ...args],
    {
      cwd: serverDir,
      env: { ...process.env, DATA_DIR: dataDir },
    },
  );
  return stdout.trim().split('\n');
}

/** A fresh branch id per test, so journeys never see each other's data. */
export function uniqueId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Creates a member and returns a sign-in token for them (the CLI prints it as the last line). */
export async function memberWithToken(
  branchId: string,
  userId: string,
  name: string,
  role: 'secretary' | 'committee' | 'member',
  duty?: 'deputy' | 'organisation' | 'publicity' | 'discipline',
): Promise<string> {
  await admin(
    ...['member', 'add', '--branch', branchId, '--user', userId, '--name', name, '--role', role],
    ...(duty ? ['--duty', duty] : []),
  );
  const lines = await admin('token', '--user', userId);
  return lines.at(-1) ?? '';
}

export async function branch(id: string, name: string): Promise<void> {
  await admin('branch', 'add', '--id', id, '--name', name);
}

export async function invite(
  branchId: string,
  role: 'secretary' | 'committee' | 'member',
): Promise<string> {
  const lines = await admin('invite', '--branch', branchId, '--role', role);
  return (JSON.parse(lines.at(-1) ?? '{}') as { code: string }).code;
}
