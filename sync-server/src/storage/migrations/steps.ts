import { sql, type Kysely } from 'kysely';
import { dialectOf, type Dialect } from '../sql.ts';

/**
 * What a migration runs: statements per dialect, one at a time (better-sqlite3 prepares one
 * statement per call). Dialect-specific SQL (column types, triggers) lives side by side here.
 */
export async function execute(
  db: Kysely<unknown>,
  statements: Record<Dialect, readonly string[]>,
): Promise<void> {
  for (const statement of statements[dialectOf(db)]) await sql.raw(statement).execute(db);
}

/**
 * Whether the migration system before this history already applied step `version` of it.
 *
 * - PostgreSQL kept `schema_migrations (version, name, applied_at)` with versions 1–5, numbered
 *   exactly as this history is: version n is migration 000n.
 * - SQLite kept `PRAGMA user_version`: 1 was committee duties (now 0003), 2 access changes (now
 *   0004). Its other tables (0001, 0002, 0005) had no marker: they were created with
 *   `IF NOT EXISTS` on every open, and those migrations still are, for SQLite.
 *
 * Both markers are left as they are, and never written again.
 */
export async function appliedBefore(db: Kysely<unknown>, version: number): Promise<boolean> {
  if (dialectOf(db) === 'postgres') {
    const table = await sql<{ found: boolean }>`
      SELECT to_regclass('schema_migrations') IS NOT NULL AS found
    `.execute(db);
    if (table.rows[0]?.found !== true) return false;
    const { rows } = await sql`SELECT 1 FROM schema_migrations WHERE version = ${version}`.execute(
      db,
    );
    return rows.length > 0;
  }
  const sqliteVersion = { 3: 1, 4: 2 }[version];
  if (sqliteVersion === undefined) return false;
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db);
  return (rows[0]?.user_version ?? 0) >= sqliteVersion;
}
