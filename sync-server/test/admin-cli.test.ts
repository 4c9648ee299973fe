import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/pg-migrations.ts';
import { SQLITE_MIGRATIONS } from '../src/auth/sqlite-auth-store.ts';
import { tempDir } from './helpers.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** `pnpm admin …` as an operator runs it: its own process, configured by the environment. */
async function admin(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/admin/cli.ts', ...args],
      {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env },
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('pnpm admin', () => {
  it('migrates and keeps records in SQLite, and says clearly what it refuses', async () => {
    const env = { DATA_DIR: tempDir() };
    expect((await admin(env, 'migrate')).stdout).toContain('"migrated":true');
    const db = new Database(join(env.DATA_DIR, 'branchbook.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    db.close();
    await admin(env, 'branch', 'add', '--id', 'kgs', '--name', '考古所第一党支部');
    const added = await admin(
      env,
      ...['member', 'add', '--branch', 'kgs', '--user', 'ji', '--name', '纪明'],
      ...['--role', 'committee', '--duty', 'discipline'],
    );
    expect(JSON.parse(added.stdout)).toMatchObject({ role: 'committee', duty: 'discipline' });
    const plain = await admin(
      env,
      ...['member', 'add', '--branch', 'kgs', '--user', 'm', '--name', '某'],
      ...['--role', 'member', '--duty', 'publicity'],
    );
    expect(plain).toMatchObject({ code: 1, stderr: expect.stringContaining('have a duty') });
    const bogus = await admin(
      env,
      ...['member', 'add', '--branch', 'kgs', '--user', 'ji', '--name', '纪明'],
      ...['--role', 'committee', '--duty', 'boss'],
    );
    expect(bogus).toMatchObject({ code: 2, stderr: expect.stringContaining('--duty must be') });
  }, 60_000);

  it.skipIf(servicesMissing)(
    'migrates PostgreSQL and works against it',
    async () => {
      const schema = freshSchema();
      const env = { DATABASE_URL, DATABASE_SCHEMA: schema };
      expect((await admin(env, 'migrate')).code).toBe(0);
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      const { rows } = await pool.query<{ version: number }>(
        `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
      );
      await pool.end();
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await admin(env, 'branch', 'add', '--id', 'b1', '--name', '一支部')).code).toBe(0);
      const again = await admin(env, 'branch', 'add', '--id', 'b1', '--name', '一支部');
      expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    },
    60_000,
  );
});
