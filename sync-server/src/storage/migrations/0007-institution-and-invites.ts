import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * The institution above the branches (issue 14): its name (one row), its organisers (机关党委 /
 * 党委组织员, users with an institution-level role, not a branch membership), the one-time setup
 * code that creates the first organiser (stored hashed; a new code replaces every older one), and
 * what the app shows of an open invite: an id to revoke it by, the name of the person it is for,
 * and who made it when.
 */
function statements(bigint: 'INTEGER' | 'BIGINT'): string[] {
  return [
    `CREATE TABLE institution (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      name TEXT NOT NULL,
      created_at ${bigint} NOT NULL
    )`,
    `CREATE TABLE organisers (
      user_id TEXT PRIMARY KEY REFERENCES users(id),
      created_at ${bigint} NOT NULL
    )`,
    `CREATE TABLE setup_codes (
      code_hash TEXT PRIMARY KEY,
      created_at ${bigint} NOT NULL
    )`,
    `ALTER TABLE invites ADD COLUMN id TEXT`,
    `ALTER TABLE invites ADD COLUMN name TEXT`,
    `ALTER TABLE invites ADD COLUMN created_by TEXT`,
    `ALTER TABLE invites ADD COLUMN created_at ${bigint}`,
    `CREATE UNIQUE INDEX invites_id ON invites (id)`,
    `CREATE INDEX invites_branch ON invites (branch_id)`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, { sqlite: statements('INTEGER'), postgres: statements('BIGINT') });
}
