import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/storage/migrations/index.ts';
import { sqliteRegistry } from '../src/storage/open-storage.ts';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { tempDir } from './helpers.ts';

const ALL = Object.keys(MIGRATIONS);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

describe('SQLite migrations', () => {
  it('upgrades a database written by the first release (before duties), keeping its records, once', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'branchbook.sqlite');
    // The tables as the first release created them (no duty column, user_version 0).
    const old = new Database(file);
    old.exec(`
      CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE branches (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE memberships (
        branch_id TEXT NOT NULL REFERENCES branches(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('secretary', 'committee', 'member')),
        PRIMARY KEY (branch_id, user_id)
      );
      INSERT INTO users VALUES ('j', '蒋青', 1);
      INSERT INTO branches VALUES ('b1', '第一支部', 1);
      INSERT INTO memberships VALUES ('b1', 'j', 'committee');
    `);
    old.close();

    const docs = await SqliteStore.open(dataDir);
    expect(docs.migrated).toEqual(ALL);
    const auth = sqliteRegistry(docs);
    expect(await auth.membershipsOfUser('j')).toEqual([
      { branchId: 'b1', userId: 'j', role: 'committee' },
    ]);
    await auth.addMember({
      ...{ branchId: 'b1', userId: 'j', name: '蒋青', role: 'committee' },
      duty: 'discipline',
    });
    // The database refuses a duty that is not one, whoever writes it.
    expect(() => docs.db.prepare("UPDATE memberships SET duty = 'boss'").run()).toThrow(/CHECK/);
    // The triggers of 0004 are there: a changed membership is an access change.
    expect(await auth.accessChangesSince(0, 10)).toEqual([{ seq: 1, userId: 'j', doc: null }]);
    await docs.close();

    const again = await SqliteStore.open(dataDir);
    expect(again.migrated).toEqual([]);
    await again.close();
  });

  it('gives a new database the same schema as an upgraded one', async () => {
    const schemaOf = (db: Database.Database) =>
      db
        .prepare(
          `SELECT type, name, tbl_name FROM sqlite_master
           WHERE name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name`,
        )
        .all();
    const fresh = await SqliteStore.open(tempDir());
    const legacyDir = tempDir();
    const legacy = new Database(join(legacyDir, 'branchbook.sqlite'));
    legacy.exec(
      'CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)',
    );
    legacy.close();
    const upgraded = await SqliteStore.open(legacyDir);
    expect(schemaOf(upgraded.db)).toEqual(schemaOf(fresh.db));
    const columns = (db: Database.Database) => db.prepare('PRAGMA table_info(memberships)').all();
    expect(columns(upgraded.db)).toEqual(columns(fresh.db));
    await Promise.all([fresh.close(), upgraded.close()]);
  });

  it('applies the history once when two processes open a new file together', async () => {
    const dataDir = tempDir();
    // Two admin CLIs at once, as a CLI and a server starting together: the one that takes the
    // write lock first (BEGIN IMMEDIATE) applies everything, the other waits and finds nothing.
    const migrate = () =>
      run(process.execPath, ['--import', 'tsx', 'src/admin/cli.ts', 'migrate'], {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir },
      });
    const outputs = await Promise.all([migrate(), migrate()]);
    const applied = outputs.map((o) => (JSON.parse(o.stdout) as { applied: string[] }).applied);
    expect(applied.sort((x, y) => y.length - x.length)).toEqual([ALL, []]);
    const db = new Database(join(dataDir, 'branchbook.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({
      n: ALL.length,
    });
    db.close();
  }, 60_000);

  it('rolls a failing migration back whole and refuses to start', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'branchbook.sqlite');
    const db = new Database(file);
    // A table in the way of 0004's: the migration fails after 0001–0003 ran in the same transaction.
    db.exec('CREATE TABLE access_changes (x TEXT)');
    db.close();
    await expect(SqliteStore.open(dataDir)).rejects.toThrow(/0004-access-changes/);
    const after = new Database(file, { readonly: true });
    const tables = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    // Nothing of 0001–0003 stayed, and no migration is recorded as applied.
    expect(tables).not.toContain('users');
    expect(after.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: 0 });
    after.close();
  });
});
