import type { Kysely } from 'kysely';
import { appliedBefore, execute } from './steps.ts';

/** The lead branch a pairing chose for a month (`YYYY-MM`). */
const PAIRING_LEADS = `CREATE TABLE IF NOT EXISTS pairing_leads (
  pairing_id TEXT NOT NULL REFERENCES pairings(id),
  month TEXT NOT NULL,
  branch_id TEXT NOT NULL REFERENCES branches(id),
  PRIMARY KEY (pairing_id, month)
)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await appliedBefore(db, 2)) return;
  await execute(db, { sqlite: [PAIRING_LEADS], postgres: [PAIRING_LEADS] });
}
