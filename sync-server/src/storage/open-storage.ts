import type { AuthStore } from '../auth/auth-store.ts';
import { SqliteAuthStore } from '../auth/sqlite-auth-store.ts';
import { PgAuthStore } from '../auth/pg-auth-store.ts';
import type { DocStore } from './doc-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import { PgStore } from './pg-store.ts';
import { migrate } from './pg-migrations.ts';

export interface Storage {
  kind: 'sqlite' | 'postgres';
  docs: DocStore;
  auth: AuthStore;
  close(): Promise<void>;
}

export interface StorageConfig {
  dataDir: string;
  databaseUrl: string | null;
  databaseSchema: string;
}

/**
 * SQLite in `dataDir` unless `databaseUrl` names a PostgreSQL database. Both hold documents and
 * auth records side by side, so one backup covers both.
 */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl) {
    const pool = PgStore.pool(config.databaseUrl, config.databaseSchema);
    try {
      await migrate(pool, config.databaseSchema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const docs = new PgStore(pool);
    return { kind: 'postgres', docs, auth: new PgAuthStore(pool), close: () => docs.close() };
  }
  const docs = SqliteStore.open(config.dataDir);
  return { kind: 'sqlite', docs, auth: new SqliteAuthStore(docs.db), close: () => docs.close() };
}
