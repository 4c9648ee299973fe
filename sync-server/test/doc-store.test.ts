import { describe, expect, it, onTestFinished } from 'vitest';
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

describe('SQLite appends of one event-loop turn', () => {
  it('are committed together in one transaction, and none resolves before that commit', async () => {
    const store = await SqliteStore.open(tempDir());
    onTestFinished(() => store.close());
    const commits: number[] = [];
    const count = () =>
      (store.db.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;
    const appends = ['plan:a', 'plan:b', 'plan:c'].map((doc, i) =>
      store.append(doc, new Uint8Array([i + 1])).then(() => commits.push(count())),
    );
    // Nothing is written during the turn that queued the rows …
    expect(count()).toBe(0);
    await Promise.all(appends);
    // … and by the time the first promise resolves, all three rows are stored.
    expect(commits).toEqual([3, 3, 3]);
    const { updates } = await store.load('plan:b');
    expect(updates).toEqual([new Uint8Array([2])]);
  });

  it('a failing commit rejects every append of its turn and stores none of them', async () => {
    const store = await SqliteStore.open(tempDir());
    onTestFinished(() => store.close());
    store.db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON doc_updates WHEN NEW.doc = 'plan:bad' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    const results = await Promise.allSettled([
      store.append('plan:good', new Uint8Array([1])),
      store.append('plan:bad', new Uint8Array([2])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await store.load('plan:good')).updates).toEqual([]);
  });
});
