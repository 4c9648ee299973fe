import type { Kysely } from 'kysely';
import { appliedBefore, execute } from './steps.ts';

/**
 * One row, rewritten by every /healthz: proof that storage still takes a write. SQLite's `pad`
 * row (id 2) is written and rolled back to prove there is room for one more page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (await appliedBefore(db, 5)) return;
  await execute(db, {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY, checked_at INTEGER NOT NULL, pad BLOB)`,
    ],
    postgres: [`CREATE TABLE health (id INTEGER PRIMARY KEY, checked_at TIMESTAMPTZ NOT NULL)`],
  });
}
