import type Database from 'better-sqlite3';
import type pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';

/**
 * Kysely over the connections the document stores already hold (one better-sqlite3 handle, or
 * the pg pool): the registry and the migrations use it; document updates do not (their hot path
 * is prepared statements and plain pg queries). Kysely never closes these connections — the
 * document store that opened them does — so a Kysely instance here is never `destroy`ed.
 */
export type Dialect = 'sqlite' | 'postgres';

/** Prepared statements kept per SQL text, so a query run again is not prepared again. */
const STATEMENT_CACHE_SIZE = 256;

class CachedStatements implements SqliteDatabase {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Queries are built from a fixed set of shapes; only `IN (?, ?, …)` lists vary in length.
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement as unknown as SqliteStatement;
  }

  /** The SqliteStore owns the handle and closes it. */
  close(): void {}
}

/**
 * Transactions take the write lock when they begin (`BEGIN IMMEDIATE`): another process writing
 * the same file (the admin CLI, a second server) is waited for (busy_timeout), instead of failing
 * with SQLITE_BUSY when a read transaction tries to become a write one.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite rolls DDL back with the transaction, so migrations run in one (Kysely assumes not). */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class BranchbookSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.config);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

export function sqliteKysely<T>(db: Database.Database): Kysely<T> {
  return new Kysely<T>({
    dialect: new BranchbookSqliteDialect({ database: new CachedStatements(db) }),
  });
}

/** Over the pool whose connections already use the deployment's schema (search_path). */
export function postgresKysely<T>(pool: pg.Pool): Kysely<T> {
  return new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
}

export function dialectOf<T>(db: Kysely<T>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`);
}
