import { Migrator, type Kysely, type Migration } from 'kysely';
import type pg from 'pg';
import { quoteIdent } from '../pg-store.ts';
import * as documentsAndRegistry from './0001-documents-and-registry.ts';
import * as pairingLeads from './0002-pairing-leads.ts';
import * as committeeDuties from './0003-committee-duties.ts';
import * as accessChanges from './0004-access-changes.ts';
import * as healthProbe from './0005-health-probe.ts';
import * as lessonReview from './0006-lesson-review.ts';
import * as institutionAndInvites from './0007-institution-and-invites.ts';
import * as rosterAndGroups from './0008-roster-and-groups.ts';
import * as pairingProposals from './0009-pairing-proposals.ts';
import * as devicesAndSignInCodes from './0010-devices-and-sign-in-codes.ts';
import * as registryEvents from './0011-registry-events.ts';
import * as meetings from './0012-meetings.ts';

/**
 * The whole database's history, SQLite and PostgreSQL alike: one file per migration, one
 * numbering, applied in name order. A migration, once released, is never edited; a change is a
 * new file added here. Listed, not globbed, so it works under tsx and in a bundle.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-documents-and-registry': documentsAndRegistry,
  '0002-pairing-leads': pairingLeads,
  '0003-committee-duties': committeeDuties,
  '0004-access-changes': accessChanges,
  '0005-health-probe': healthProbe,
  '0006-lesson-review': lessonReview,
  '0007-institution-and-invites': institutionAndInvites,
  '0008-roster-and-groups': rosterAndGroups,
  '0009-pairing-proposals': pairingProposals,
  '0010-devices-and-sign-in-codes': devicesAndSignInCodes,
  '0011-registry-events': registryEvents,
  '0012-meetings': meetings,
};

/**
 * Applies what is pending, in one transaction, under Kysely's migration lock (PostgreSQL: an
 * advisory lock; SQLite: the write lock, taken by `BEGIN IMMEDIATE`), so the admin CLI and
 * servers starting together cannot both apply a migration. Returns the names it applied.
 */
export async function migrate<T>(db: Kysely<T>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // Branches of work add migrations side by side (each its own number): a database that ran a
    // later-numbered one first still gets the earlier one, rather than refusing to start.
    allowUnorderedMigrations: true,
    // PostgreSQL: Kysely looks for its tables in every schema unless told which; a database whose
    // `public` holds another deployment would make it skip creating them in this one.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    const wrapped = new Error(failed ? `migration ${failed} failed: ${message}` : message, {
      cause: error,
    });
    // The driver's code (SQLITE_CORRUPT, SQLITE_READONLY, 42P07 …) still says what went wrong.
    throw Object.assign(wrapped, { code: (error as { code?: unknown }).code });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The deployment's schema first (the pool's search_path names it), then the history. */
export async function migratePostgres<T>(
  pool: pg.Pool,
  db: Kysely<T>,
  schema: string,
): Promise<string[]> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (error) {
    // Two processes creating it at once: one of them sees a unique violation; the schema is there.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  return migrate(db, schema);
}
