import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * Pairings proposed by one branch and answered by the others (issue 14, item 5). Each branch of a
 * pairing has an answer: 'accepted' (the proposer's branch, and every branch that said yes),
 * 'invited' (not answered yet) or 'declined'; rows from before this migration are pairings made at
 * once, so they default to 'accepted'. A pairing records who proposed it from which branch, and
 * when it ended and by whom (ended pairings stay, for the plans made under them).
 *
 * An outside branch (another institution's, not on this server's directory) is made by its
 * secretary redeeming a pairing invite of one of ours (`invites.pairing` = 1: `branch_id` is the
 * branch to pair with): `branches.outside` = 1 keeps it out of the directory and its secretary
 * out of ours.
 */
function statements(bigint: 'INTEGER' | 'BIGINT'): string[] {
  return [
    `ALTER TABLE pairing_branches ADD COLUMN answer TEXT NOT NULL DEFAULT 'accepted'`,
    `ALTER TABLE pairing_branches ADD COLUMN answered_by TEXT`,
    `ALTER TABLE pairing_branches ADD COLUMN answered_at ${bigint}`,
    `ALTER TABLE pairings ADD COLUMN proposed_by TEXT`,
    `ALTER TABLE pairings ADD COLUMN proposed_branch_id TEXT`,
    `ALTER TABLE pairings ADD COLUMN ended_by TEXT`,
    `ALTER TABLE pairings ADD COLUMN ended_at ${bigint}`,
    `CREATE INDEX pairing_branches_branch ON pairing_branches (branch_id)`,
    `ALTER TABLE branches ADD COLUMN outside INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE invites ADD COLUMN pairing INTEGER NOT NULL DEFAULT 0`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, { sqlite: statements('INTEGER'), postgres: statements('BIGINT') });
}
