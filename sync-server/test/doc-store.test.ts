import { onTestFinished } from 'vitest';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { PgStore } from '../src/storage/pg-store.ts';
import { migratePostgres } from '../src/storage/migrations/index.ts';
import { postgresKysely } from '../src/storage/sql.ts';
import { docStoreConformance } from './doc-store.conformance.ts';
import { tempDir } from './helpers.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

docStoreConformance('SQLite', async () => {
  const store = await SqliteStore.open(tempDir());
  onTestFinished(() => store.close());
  return store;
});

docStoreConformance(
  'PostgreSQL',
  async () => {
    const schema = freshSchema();
    const pool = PgStore.pool(DATABASE_URL, schema);
    await migratePostgres(pool, postgresKysely(pool), schema);
    const store = new PgStore(pool);
    onTestFinished(() => store.close());
    return store;
  },
  servicesMissing,
);
