import { onTestFinished } from 'vitest';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { PgStore } from '../src/storage/pg-store.ts';
import { migrate } from '../src/storage/pg-migrations.ts';
import { docStoreConformance } from './doc-store.conformance.ts';
import { tempDir } from './helpers.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

docStoreConformance('SQLite', () => {
  const store = SqliteStore.open(tempDir());
  onTestFinished(() => store.close());
  return Promise.resolve(store);
});

docStoreConformance(
  'PostgreSQL',
  async () => {
    const schema = freshSchema();
    const pool = PgStore.pool(DATABASE_URL, schema);
    await migrate(pool, schema);
    const store = new PgStore(pool);
    onTestFinished(() => store.close());
    return store;
  },
  servicesMissing,
);
