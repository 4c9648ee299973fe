import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { accessSync, constants, mkdirSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DocStore, StoredDoc } from './doc-store.ts';
import { classifyStorageError, refusalFor, StorageRefused } from './storage-health.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { migrate } from './migrations/index.ts';
import { sqliteKysely } from './sql.ts';

/** An append waiting for the end of the event-loop turn's transaction. */
interface QueuedRow {
  docName: string;
  data: Buffer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Less free space than this beside the database file counts as a full disk. */
const MIN_FREE_BYTES = 1024 * 1024;

/**
 * The embedded default: one SQLite file in `DATA_DIR`, WAL mode. better-sqlite3 is synchronous, so
 * an append is on disk (in the WAL) before the call returns; with `synchronous = NORMAL` a killed
 * process loses nothing, and only a power cut can lose the last transactions.
 */
export class SqliteStore implements DocStore {
  readonly db: Database.Database;
  readonly #insert: Database.Statement<[string, Buffer]>;
  readonly #insertAll: Database.Transaction<(rows: readonly QueuedRow[]) => void>;
  readonly #select: Database.Statement<[string], { seq: number; data: Buffer }>;
  readonly #deleteUpTo: Database.Statement<[string, number]>;
  readonly #insertAt: Database.Statement<[number, string, Buffer]>;
  readonly #checkpointer: WalCheckpointer;

  readonly #upsertHealth: Database.Statement<[number]>;
  readonly #padHealth: Database.Statement<[number]>;

  /** Kysely over this same handle, for the registry and the migrations (never for updates). */
  readonly kysely: Kysely<unknown>;

  /** Migrations applied when this store opened (names, oldest first). */
  readonly migrated: string[];

  /** Set while a registry transaction is open on this connection; see `exclusive`. */
  #barrier: Promise<void> | null = null;
  #exclusiveHolders = 0;
  #lift: () => void = () => undefined;

  private constructor(
    readonly file: string,
    db: Database.Database,
    kysely: Kysely<unknown>,
    migrated: string[],
  ) {
    this.db = db;
    this.kysely = kysely;
    this.migrated = migrated;
    this.#insert = db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
    this.#insertAll = db.transaction((rows: readonly QueuedRow[]) => {
      for (const { docName, data } of rows) this.#insert.run(docName, data);
    });
    this.#select = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq');
    this.#deleteUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
    this.#insertAt = db.prepare('INSERT INTO doc_updates (seq, doc, data) VALUES (?, ?, ?)');
    this.#upsertHealth = db.prepare(
      `INSERT INTO health (id, checked_at) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
    );
    this.#padHealth = db.prepare(
      'INSERT INTO health (id, checked_at, pad) VALUES (2, 0, zeroblob(?))',
    );
    try {
      this.#probe();
    } catch (error) {
      // A full disk may be freed while running: start, and let /healthz say disk_full.
      if (classifyStorageError(error) !== 'disk_full') throw error;
    }
    this.#checkpointer = new WalCheckpointer(file);
  }

  /**
   * Opens (or creates) the file and applies pending migrations, refusing with `StorageRefused`
   * one the server must not run on: an empty file, one that fails `PRAGMA quick_check` or is no
   * database, or one that cannot be written. Then a first health write, so a read-only file is
   * found now rather than by a client.
   */
  static async openFile(file: string): Promise<SqliteStore> {
    checkBeforeOpen(file);
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw refusalFor(file, error);
    }
    try {
      const problems = db.pragma('quick_check(3)') as { quick_check: string }[];
      const verdict = problems.map((p) => p.quick_check).join('; ');
      if (verdict !== 'ok') throw new StorageRefused('corrupt', file, `quick_check: ${verdict}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      // Checkpoints run on a worker thread, never inside an append on the event loop.
      db.pragma('wal_autocheckpoint = 0');
      const kysely = sqliteKysely<unknown>(db);
      const migrated = await migrate(kysely);
      return new SqliteStore(file, db, kysely, migrated);
    } catch (error) {
      db.close();
      throw refusalFor(file, error);
    }
  }

  /** Opens `<dataDir>/branchbook.sqlite`, creating the directory if needed. */
  static async open(dataDir: string): Promise<SqliteStore> {
    const file = join(dataDir, 'branchbook.sqlite');
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw refusalFor(file, error);
    }
    return SqliteStore.openFile(file);
  }

  /**
   * Runs `transaction` (a registry transaction on this connection, which awaits between its
   * statements) with document writes held back until it ends: on one connection an append made
   * meanwhile would join the transaction — rolled back with it, or committed only at its end.
   */
  async exclusive<T>(transaction: () => Promise<T>): Promise<T> {
    if (this.#exclusiveHolders++ === 0) {
      this.#barrier = new Promise((resolve) => (this.#lift = resolve));
    }
    try {
      return await transaction();
    } finally {
      if (--this.#exclusiveHolders === 0) {
        this.#barrier = null;
        this.#lift();
      }
    }
  }

  /**
   * One committed write (the health row: a read-only file or directory, a full WAL, an I/O error
   * fail here), then room for one more page: a rolled-back row larger than a page, which fails
   * with SQLITE_FULL when neither a free page nor growth of the file is possible — an update in
   * place still succeeds on a full database on which every append fails.
   */
  #probe(): void {
    // The WAL is rewritten in place after a checkpoint, so the write below can still succeed on
    // a full disk on which every larger append fails: ask the file system too.
    const { bavail, bsize } = statfsSync(dirname(this.file));
    if (bavail * bsize < MIN_FREE_BYTES) {
      const error = new Error(`only ${bavail * bsize} bytes free beside ${this.file}`);
      throw Object.assign(error, { code: 'ENOSPC' });
    }
    this.#upsertHealth.run(Date.now());
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.#padHealth.run(this.db.pragma('page_size', { simple: true }) as number);
    } finally {
      // SQLite may have rolled back itself after SQLITE_FULL.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
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

  /**
   * Queues the row; every append of one event-loop turn (the rooms that received updates in the
   * same poll) is committed in one transaction at its end (`setImmediate`), and each promise
   * resolves only after that commit — so a caller still relays nothing that is not stored. One
   * transaction per turn instead of one per row was the largest share of the server's busy time
   * under load (issue 17's profile: SQLite `run` 22 %).
   */
  append(docName: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queued.push({
        docName,
        data: Buffer.from(update.buffer, update.byteOffset, update.byteLength),
        resolve,
        reject,
      });
      if (this.#queued.length === 1) setImmediate(() => void this.#commitQueued());
    });
  }

  #queued: QueuedRow[] = [];

  async #commitQueued(): Promise<void> {
    // A registry transaction open on this connection would take the rows in: wait for its end.
    while (this.#barrier) await this.#barrier;
    const rows = this.#queued.splice(0);
    if (rows.length === 0) return;
    try {
      this.#insertAll.immediate(rows);
    } catch (error) {
      for (const row of rows) row.reject(error);
      return;
    }
    for (const row of rows) row.resolve();
  }

  compact(docName: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<StoredDoc> {
    if (this.#barrier) return this.#barrier.then(() => this.compact(docName, merge));
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
    if (this.#barrier) return this.#barrier.then(() => this.ping());
    this.#probe();
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.#commitQueued();
    await this.#checkpointer.stop();
    this.db.close();
  }
}

/**
 * Refusals that need no SQLite: an empty file (SQLite would silently make it a new, empty
 * database — every token then unknown), and a file or directory this process may not write.
 * An absent file is fine: SQLite creates it.
 */
function checkBeforeOpen(file: string): void {
  let size: number | null = null;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refusalFor(file, error);
  }
  if (size === 0) throw new StorageRefused('empty', file, '');
  try {
    // The directory too: SQLite creates the -wal and -shm files next to the database.
    accessSync(dirname(file), constants.W_OK);
    if (size !== null) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw refusalFor(file, error);
  }
}
