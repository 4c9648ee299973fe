import type pg from 'pg';

/**
 * Versioned, append-only migrations for PostgreSQL: documents and the auth records. A migration,
 * once released, is never edited; a change is a new entry. Applied on start and by
 * `pnpm admin migrate`, under an advisory lock so processes starting together do not race.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'documents and auth records',
    sql: `
      CREATE TABLE doc_updates (
        seq BIGSERIAL PRIMARY KEY,
        doc TEXT NOT NULL,
        data BYTEA NOT NULL
      );
      CREATE INDEX doc_updates_doc_seq ON doc_updates (doc, seq);
      CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE branches (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE memberships (
        branch_id TEXT NOT NULL REFERENCES branches(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('secretary', 'committee', 'member')),
        PRIMARY KEY (branch_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
      CREATE TABLE party_groups (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL REFERENCES branches(id),
        name TEXT NOT NULL,
        leader_user_id TEXT REFERENCES users(id)
      );
      CREATE TABLE pairings (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL);
      CREATE TABLE pairing_branches (
        pairing_id TEXT NOT NULL REFERENCES pairings(id),
        branch_id TEXT NOT NULL REFERENCES branches(id),
        PRIMARY KEY (pairing_id, branch_id)
      );
      CREATE TABLE plans (id TEXT PRIMARY KEY, lead_branch_id TEXT NOT NULL REFERENCES branches(id));
      CREATE TABLE plan_branches (
        plan_id TEXT NOT NULL REFERENCES plans(id),
        branch_id TEXT NOT NULL REFERENCES branches(id),
        PRIMARY KEY (plan_id, branch_id)
      );
      CREATE TABLE lessons (
        id TEXT PRIMARY KEY,
        author_id TEXT NOT NULL REFERENCES users(id),
        branch_id TEXT NOT NULL REFERENCES branches(id)
      );
      CREATE TABLE lesson_coauthors (
        lesson_id TEXT NOT NULL REFERENCES lessons(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (lesson_id, user_id)
      );
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        label TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT
      );
      CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL REFERENCES branches(id),
        role TEXT NOT NULL,
        user_id TEXT,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
    `,
  },
  {
    version: 2,
    name: 'monthly lead branch of a pairing',
    sql: `
      CREATE TABLE pairing_leads (
        pairing_id TEXT NOT NULL REFERENCES pairings(id),
        month TEXT NOT NULL,
        branch_id TEXT NOT NULL REFERENCES branches(id),
        PRIMARY KEY (pairing_id, month)
      );
    `,
  },
  {
    version: 3,
    name: 'committee duties',
    sql: `
      ALTER TABLE memberships ADD COLUMN duty TEXT
        CHECK (duty IN ('deputy', 'organisation', 'publicity', 'discipline'));
    `,
  },
];

/** Any constant works; it only has to be the same in every process of one deployment. */
const MIGRATION_LOCK = 727_001;

/** Applies every migration not yet applied; returns the versions it applied. */
export async function migrate(pool: pg.Pool, schema: string): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      const applied: number[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Schema names come from configuration; still, quote them as identifiers. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`bad schema name ${JSON.stringify(name)}`);
  return `"${name}"`;
}
