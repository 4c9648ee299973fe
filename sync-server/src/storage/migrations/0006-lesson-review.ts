import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * A lesson draft's review (submitted → approved / returned) is the registry's, not the
 * document's: only the author and co-authors write the draft, and the committee records its
 * review here through the API. `review_by` is the user who made the last change.
 */
const COLUMNS = [
  `ALTER TABLE lessons ADD COLUMN review_status TEXT NOT NULL DEFAULT 'draft'
     CHECK (review_status IN ('draft', 'submitted', 'approved'))`,
  `ALTER TABLE lessons ADD COLUMN review_by TEXT`,
  `ALTER TABLE lessons ADD COLUMN review_note TEXT NOT NULL DEFAULT ''`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, {
    sqlite: [...COLUMNS, `ALTER TABLE lessons ADD COLUMN review_at INTEGER`],
    postgres: [...COLUMNS, `ALTER TABLE lessons ADD COLUMN review_at BIGINT`],
  });
}
