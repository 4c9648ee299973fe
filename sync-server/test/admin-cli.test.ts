import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/migrations/index.ts';
import { tempDir } from './helpers.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { Accounts } from '../src/auth/accounts.ts';
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
  it("lists a branch's members and removes one: the log stays, the last branch revokes the tokens", async () => {
    const env = { DATA_DIR: tempDir() };
    await admin(env, 'branch', 'add', '--id', 'kgs', '--name', '考古所第一党支部');
    for (const [user, name, role] of [
      ['s', '李书记', 'secretary'],
      ['z1', '张晓红', 'member'],
      ['z2', '张晓红', 'member'],
    ] as const) {
      await admin(
        env,
        'member',
        'add',
        '--branch',
        'kgs',
        '--user',
        user,
        '--name',
        name,
        '--role',
        role,
      );
    }
    await admin(env, 'token', '--user', 'z2');
    const listed = JSON.parse((await admin(env, 'member', 'list', '--branch', 'kgs')).stdout);
    expect(
      listed.members.map((m: { userId: string; devices: number }) => [m.userId, m.devices]).sort(),
    ).toEqual([
      ['s', 0],
      ['z1', 0],
      ['z2', 1],
    ]);
    expect(listed.members[0].joinedAt).toMatch(/^\d{4}-/);
    expect(listed.removed).toEqual([]);
    const removed = await admin(env, 'member', 'remove', '--branch', 'kgs', '--user', 'z2');
    expect(JSON.parse(removed.stdout)).toEqual({
      branchId: 'kgs',
      userId: 'z2',
      removed: true,
      tokensRevoked: 1,
    });
    const after = JSON.parse((await admin(env, 'member', 'list', '--branch', 'kgs')).stdout);
    expect(after.members.map((m: { userId: string }) => m.userId).sort()).toEqual(['s', 'z1']);
    expect(after.removed).toMatchObject([{ userId: 'z2', name: '张晓红', role: 'member' }]);
    const last = await admin(env, 'member', 'remove', '--branch', 'kgs', '--user', 's');
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last secretary');
    expect((await admin(env, 'member', 'remove', '--branch', 'kgs', '--user', 'nobody')).code).toBe(
      1,
    );
    expect((await admin(env, 'member', 'list', '--branch', 'nope')).code).toBe(1);
    expect((await admin(env, 'member', 'list')).code).toBe(2);
  });

  it('migrates and keeps records in SQLite, and says clearly what it refuses', async () => {
    const env = { DATA_DIR: tempDir() };
    const names = Object.keys(MIGRATIONS);
    expect(JSON.parse((await admin(env, 'migrate')).stdout)).toEqual({
      migrated: true,
      applied: names,
    });
    const db = new Database(join(env.DATA_DIR, 'branchbook.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT name FROM kysely_migration ORDER BY name').all();
    expect(rows).toEqual(names.map((name) => ({ name })));
    db.close();
    expect(JSON.parse((await admin(env, 'migrate')).stdout)).toEqual({
      migrated: true,
      applied: [],
    });
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

  it('setup prints a new link while there is no organiser, then refuses unless --force', async () => {
    const env = { DATA_DIR: tempDir(), HOST: '127.0.0.1', PORT: '8799' };
    const first = await admin(env, 'setup');
    expect(first.code).toBe(0);
    const [summary, link] = first.stdout.trim().split('\n');
    expect(JSON.parse(summary ?? '')).toEqual({ setup: true });
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8799\/setup#[A-Za-z0-9_-]{20,}$/);
    const second = await admin(env, 'setup');
    const code = second.stdout.trim().split('\n')[1]?.split('#')[1] ?? '';
    const storage = await openStorage({
      dataDir: env.DATA_DIR,
      databaseUrl: null,
      databaseSchema: 'public',
    });
    const accounts = new Accounts(storage.auth);
    // The first link stopped working when the second was printed.
    await expect(
      accounts.setUp(link?.split('#')[1] ?? '', '机关党委', '周敏'),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
    await accounts.setUp(code, '机关党委', '周敏');
    await storage.close();
    const refused = await admin(env, 'setup');
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already has an organiser'),
    });
    expect(refused.stdout).not.toContain('/setup#');
    const forced = await admin(env, 'setup', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('/setup#');
  }, 60_000);

  it.skipIf(servicesMissing)(
    'migrates PostgreSQL and works against it',
    async () => {
      const schema = freshSchema();
      const env = { DATABASE_URL, DATABASE_SCHEMA: schema };
      const migrated = await admin(env, 'migrate');
      expect(migrated.code).toBe(0);
      expect(JSON.parse(migrated.stdout)).toEqual({
        migrated: true,
        applied: Object.keys(MIGRATIONS),
      });
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      const { rows } = await pool.query<{ name: string }>(
        `SELECT name FROM "${schema}".kysely_migration ORDER BY name`,
      );
      await pool.end();
      expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
      expect((await admin(env, 'branch', 'add', '--id', 'b1', '--name', '一支部')).code).toBe(0);
      const again = await admin(env, 'branch', 'add', '--id', 'b1', '--name', '一支部');
      expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    },
    60_000,
  );
});
