import pg from 'pg';
import type { DocStore, StoredDoc } from './doc-store.ts';

/**
 * Documents in PostgreSQL, shared by any number of server processes. An append is committed
 * (autocommit INSERT) before it resolves. Compaction deletes exactly the rows it merged — never
 * "everything up to seq N", which would also delete a row another process committed meanwhile.
 */
export class PgStore implements DocStore {
  constructor(readonly pool: pg.Pool) {}

  /** A pool whose connections use `schema` (created by `migratePostgres`). */
  static pool(databaseUrl: string, schema: string): pg.Pool {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      options: `-c search_path=${quoteIdent(schema)}`,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => undefined);
    return pool;
  }

  async load(docName: string): Promise<StoredDoc> {
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM doc_updates WHERE doc = $1 ORDER BY seq',
      [docName],
    );
    let bytes = 0;
    const updates = rows.map((row) => {
      bytes += row.data.byteLength;
      return new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    });
    return { updates, bytes };
  }

  async append(docName: string, update: Uint8Array): Promise<void> {
    await this.pool.query('INSERT INTO doc_updates (doc, data) VALUES ($1, $2)', [
      docName,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
    ]);
  }

  async compact(docName: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<StoredDoc> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One compactor per document at a time across all processes; appends are not blocked.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [docName]);
      const { rows } = await client.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc = $1 ORDER BY seq',
        [docName],
      );
      if (rows.length <= 1) {
        await client.query('COMMIT');
        const bytes = rows.reduce((sum, r) => sum + r.data.byteLength, 0);
        return { updates: rows.map((r) => new Uint8Array(r.data)), bytes };
      }
      const merged = merge(
        rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      );
      const seqs = rows.map((r) => r.seq);
      await client.query('DELETE FROM doc_updates WHERE doc = $1 AND seq = ANY($2::bigint[])', [
        docName,
        seqs,
      ]);
      await client.query('INSERT INTO doc_updates (seq, doc, data) VALUES ($1, $2, $3)', [
        seqs.at(-1),
        docName,
        Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength),
      ]);
      await client.query('COMMIT');
      return { updates: [merged], bytes: merged.byteLength };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query(
      `INSERT INTO health (id, checked_at) VALUES (1, now())
       ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at`,
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Schema names come from configuration; still, quote them as identifiers. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`bad schema name ${JSON.stringify(name)}`);
  return `"${name}"`;
}
