import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS, SqliteAuthStore } from '../src/auth/sqlite-auth-store.ts';
import { tempDir } from './helpers.ts';

describe('SQLite auth migrations', () => {
  it('upgrades a database written before duties, keeping its records, once', async () => {
    const file = join(tempDir(), 'branchbook.sqlite');
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

    const db = new Database(file);
    const auth = new SqliteAuthStore(db);
    expect(auth.migrated).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.at(-1)?.version);
    expect(await auth.membershipsOfUser('j')).toEqual([
      { branchId: 'b1', userId: 'j', role: 'committee' },
    ]);
    await auth.addMember({
      ...{ branchId: 'b1', userId: 'j', name: '蒋青', role: 'committee' },
      duty: 'discipline',
    });
    // The database refuses a duty that is not one, whoever writes it.
    expect(() => db.prepare("UPDATE memberships SET duty = 'boss'").run()).toThrow(/CHECK/);
    db.close();

    const again = new Database(file);
    expect(new SqliteAuthStore(again).migrated).toEqual([]);
    again.close();
  });
});
