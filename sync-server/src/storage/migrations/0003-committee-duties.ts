import type { Kysely } from 'kysely';
import { appliedBefore, execute } from './steps.ts';

/** A committee member's portfolio (支委分工); NULL when there is none. */
const DUTY = `ALTER TABLE memberships ADD COLUMN duty TEXT
  CHECK (duty IN ('deputy', 'organisation', 'publicity', 'discipline'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await appliedBefore(db, 3)) return;
  await execute(db, { sqlite: [DUTY], postgres: [DUTY] });
}
