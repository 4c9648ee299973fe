import type { AuthStore } from '../auth/auth-store.ts';
import { RegistryStore, type RegistryTables } from '../auth/registry-store.ts';
import type { DocStore } from './doc-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import { PgStore } from './pg-store.ts';
import { migratePostgres } from './migrations/index.ts';
import { postgresKysely } from './sql.ts';

export interface Storage {
  kind: 'sqlite' | 'postgres';
  docs: DocStore;
  auth: AuthStore;
  /** The migrations this open applied (names, oldest first; empty when none was pending). */
  migrated: string[];
  close(): Promise<void>;
}

export interface StorageConfig {
  dataDir: string;
  databaseUrl: string | null;
  databaseSchema: string;
}

/**
 * SQLite in `dataDir` unless `databaseUrl` names a PostgreSQL database. Both hold documents and
 * the registry side by side, so one backup covers both, and one migration history
 * (`migrations/`) shapes both; pending migrations are applied here.
 */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl) {
    const pool = PgStore.pool(config.databaseUrl, config.databaseSchema);
    const db = postgresKysely<RegistryTables>(pool);
    let migrated: string[];
    try {
      migrated = await migratePostgres(pool, db, config.databaseSchema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const docs = new PgStore(pool);
    const auth = new RegistryStore(db);
    return { kind: 'postgres', docs, auth, migrated, close: () => docs.close() };
  }
  // Refuses (StorageRefused) a file the server must not run on; see SqliteStore.
  const docs = await SqliteStore.open(config.dataDir);
  const auth = sqliteRegistry(docs);
  return { kind: 'sqlite', docs, auth, migrated: docs.migrated, close: () => docs.close() };
}

/** The registry on the documents' own SQLite connection (one file to back up). */
export function sqliteRegistry(docs: SqliteStore): RegistryStore {
  return new RegistryStore(docs.kysely.withTables<RegistryTables>(), {
    exclusive: (transaction) => docs.exclusive(transaction),
  });
}
