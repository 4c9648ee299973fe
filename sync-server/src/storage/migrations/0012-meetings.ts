import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * Meeting records (issue 15): the registry's facts that decide who reads and writes `meeting:<id>`
 * — its branch, its kind, for a group meeting the party group, for a talk (谈心谈话) its two
 * people. The record itself is the Yjs document.
 */
function statements(bigint: string): string[] {
  return [
    `CREATE TABLE meetings (
      id TEXT PRIMARY KEY,
      branch_id TEXT NOT NULL REFERENCES branches(id),
      kind TEXT NOT NULL,
      group_id TEXT,
      created_by TEXT NOT NULL,
      created_at ${bigint} NOT NULL
    )`,
    `CREATE INDEX meetings_branch ON meetings (branch_id)`,
    `CREATE TABLE meeting_participants (
      meeting_id TEXT NOT NULL REFERENCES meetings(id),
      user_id TEXT NOT NULL,
      PRIMARY KEY (meeting_id, user_id)
    )`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, { sqlite: statements('INTEGER'), postgres: statements('BIGINT') });
}
