import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * What happened in the registry that concerns someone (issue 14's inbox): a plan shared with a
 * branch, a co-author added, a draft submitted, returned or approved, a pairing proposed, … One
 * row per audience: a user (`user_id`), or a branch's members or its committee (`branch_id`).
 * `about_branch_id` is the branch the event is about (the plan's lead, the draft's branch), named
 * when read; the actor's name is read then too, so a rename shows everywhere.
 */
function statements(serial: string, bigint: string): string[] {
  return [
    `CREATE TABLE registry_events (
      seq ${serial},
      at ${bigint} NOT NULL,
      kind TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      audience TEXT NOT NULL CHECK (audience IN ('members', 'committee', 'user')),
      branch_id TEXT,
      user_id TEXT,
      ref_id TEXT NOT NULL,
      about_branch_id TEXT,
      detail TEXT NOT NULL DEFAULT ''
    )`,
    `CREATE INDEX registry_events_user ON registry_events (user_id, seq)`,
    `CREATE INDEX registry_events_branch ON registry_events (branch_id, seq)`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, {
    sqlite: statements('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
    postgres: statements('BIGSERIAL PRIMARY KEY', 'BIGINT'),
  });
}
