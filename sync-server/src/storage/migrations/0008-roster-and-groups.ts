import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * The roster and party groups (issue 14, items 3 and 4): when a member joined the branch
 * (`joined_at`; NULL for memberships made before this migration — nobody recorded it, and the
 * migration's own time would be a made-up date), their party group (党小组, `group_id`, NULL for
 * none), one name per group in a branch, and the members the secretary removed
 * (`former_members`): their study log stays with the branch, whose committee still reads and
 * exports it. Changing `group_id` fires the memberships trigger of 0004 like any update: open
 * connections of that member are decided again and stay as they were.
 */
function statements(bigint: 'INTEGER' | 'BIGINT'): string[] {
  return [
    `ALTER TABLE memberships ADD COLUMN joined_at ${bigint}`,
    `ALTER TABLE memberships ADD COLUMN group_id TEXT REFERENCES party_groups(id)`,
    `CREATE INDEX memberships_group ON memberships (group_id)`,
    `CREATE UNIQUE INDEX party_groups_name ON party_groups (branch_id, name)`,
    `CREATE TABLE former_members (
      branch_id TEXT NOT NULL REFERENCES branches(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      role TEXT NOT NULL,
      joined_at ${bigint},
      removed_at ${bigint} NOT NULL,
      removed_by TEXT,
      PRIMARY KEY (branch_id, user_id)
    )`,
    `CREATE INDEX former_members_user ON former_members (user_id)`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, { sqlite: statements('INTEGER'), postgres: statements('BIGINT') });
}
