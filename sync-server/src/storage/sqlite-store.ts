import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocStore, StoredDoc } from './doc-store.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

/**
 * The embedded default: one SQLite file in `DATA_DIR`, WAL mode. better-sqlite3 is synchronous, so
 * an append is on disk (in the WAL) before the call returns; with `synchronous = NORMAL` a killed
 * process loses nothing, and only a power cut can lose the last transactions.
 */
export class SqliteStore implements DocStore {
  readonly db: Database.Database;
  readonly #insert: Database.Statement<[string, Buffer]>;
  readonly #select: Database.Statement<[string], { seq: number; data: Buffer }>;
  readonly #deleteUpTo: Database.Statement<[string, number]>;
  readonly #insertAt: Database.Statement<[number, string, Buffer]>;
  readonly #checkpointer: WalCheckpointer;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Checkpoints run on a worker thread, never inside an append on the event loop.
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS doc_updates_doc_seq ON doc_updates (doc, seq);
    `);
    this.#insert = this.db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
    this.#select = this.db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');
    this.#deleteUpTo = this.db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
    this.#insertAt = this.db.prepare('INSERT INTO doc_updates (seq, doc, data) VALUES (?, ?, ?)');
    this.#checkpointer = new WalCheckpointer(file);
  }

  /** Opens `<dataDir>/branchbook.sqlite`, creating the directory if needed. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStore(join(dataDir, 'branchbook.sqlite'));
  }

  #rows(docName: string): StoredDoc & { maxSeq: number } {
    const rows = this.#select.all(docName);
    let bytes = 0;
    const updates = rows.map((row) => {
      bytes += row.data.byteLength;
      return new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    });
    return { updates, bytes, maxSeq: rows.at(-1)?.seq ?? 0 };
  }

  load(docName: string): Promise<StoredDoc> {
    const { updates, bytes } = this.#rows(docName);
    return Promise.resolve({ updates, bytes });
  }

  append(docName: string, update: Uint8Array): Promise<void> {
    this.#insert.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    return Promise.resolve();
  }

  compact(docName: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<StoredDoc> {
    // One IMMEDIATE transaction: no other writer can slip a row in between read and delete.
    const run = this.db.transaction((): StoredDoc => {
      const { updates, maxSeq, bytes } = this.#rows(docName);
      if (updates.length <= 1) return { updates, bytes };
      const merged = merge(updates);
      this.#deleteUpTo.run(docName, maxSeq);
      this.#insertAt.run(
        maxSeq,
        docName,
        Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength),
      );
      return { updates: [merged], bytes: merged.byteLength };
    });
    return Promise.resolve(run.immediate());
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.#checkpointer.stop();
    this.db.close();
  }
}
