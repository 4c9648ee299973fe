import type { DocStore } from './doc-store.ts';

/** Why storage cannot serve, as `/healthz` reports it. */
export type StorageFailure = 'disk_full' | 'read_only' | 'corrupt' | 'unreachable';

export type StorageState = { ok: true } | { ok: false; reason: StorageFailure };

/** Network errors of the PostgreSQL client (Node's own codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * What a storage error means for an operator, from better-sqlite3's `SqliteError.code` or a
 * PostgreSQL SQLSTATE; null for errors that say nothing about storage (a constraint, a bug).
 */
export function classifyStorageError(error: unknown): StorageFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY') || code === '25006' || code === 'EROFS')
    return 'read_only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code === 'XX001' || code === 'XX002') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'unreachable';
  // Class 08: connection exceptions; 57P01-57P03: the server shuts down or is starting;
  // 53300: too many connections.
  if (/^08...$/.test(code) || /^57P0[123]$/.test(code) || code === '53300') return 'unreachable';
  if (NETWORK_CODES.has(code)) return 'unreachable';
  return null;
}

/**
 * The truth `/healthz` tells: a probe write (`DocStore.ping`) must succeed, and no storage
 * operation anywhere may have hit corruption since the process started. Corruption is sticky — a
 * damaged page of one table (say, the tokens) leaves other writes working, so a passing probe
 * would hide it; only a restore from backup (and a restart) clears it.
 */
export class StorageHealth {
  #corrupt = false;
  #probing: Promise<StorageState> | null = null;

  constructor(private readonly probe: () => Promise<void>) {}

  get corrupt(): boolean {
    return this.#corrupt;
  }

  /** Notes a failed storage operation; returns what it means (null: not a storage failure). */
  report(error: unknown): StorageFailure | null {
    const failure = classifyStorageError(error);
    if (failure === 'corrupt') this.#corrupt = true;
    return failure;
  }

  /** Runs the probe write (one at a time: concurrent callers share it). Never throws. */
  check(): Promise<StorageState> {
    this.#probing ??= this.#check().finally(() => {
      this.#probing = null;
    });
    return this.#probing;
  }

  async #check(): Promise<StorageState> {
    let failure: StorageFailure | null = null;
    try {
      await this.probe();
    } catch (error) {
      // A closed connection, a timeout: no code to read, but storage is not there.
      failure = this.report(error) ?? 'unreachable';
    }
    if (this.#corrupt) return { ok: false, reason: 'corrupt' };
    return failure ? { ok: false, reason: failure } : { ok: true };
  }

  /** The same store, with every failed operation reported here. Timing and results unchanged. */
  watch(store: DocStore): DocStore {
    const seen = <T>(run: () => Promise<T>): Promise<T> => {
      let result: Promise<T>;
      try {
        result = run();
      } catch (error) {
        this.report(error);
        throw error;
      }
      // A side branch: the caller still gets (and must handle) the very same promise.
      result.catch((error: unknown) => this.report(error));
      return result;
    };
    return {
      load: (docName) => seen(() => store.load(docName)),
      append: (docName, update) => seen(() => store.append(docName, update)),
      compact: (docName, merge) => seen(() => store.compact(docName, merge)),
      ping: () => seen(() => store.ping()),
      close: () => store.close(),
    };
  }
}

/** Why the server will not start on this storage. */
export type RefusalReason = 'empty' | 'corrupt' | 'read_only';

const RESTORE = {
  zh: '请停止服务，从备份恢复该文件（见 README “Backups and restore”）',
  en: 'Stop the service and restore the file from a backup (README, "Backups and restore")',
};

const REFUSAL_TEXT: Record<RefusalReason, { zh: string; en: string; todo: typeof RESTORE }> = {
  empty: {
    zh: '数据库文件为空（0 字节）',
    en: 'the database file is empty (0 bytes)',
    todo: {
      zh: `${RESTORE.zh}；若服务从未保存过数据，可删除该空文件`,
      en: `${RESTORE.en}; if the server never held data, delete the empty file`,
    },
  },
  corrupt: {
    zh: '数据库文件已损坏或不是数据库',
    en: 'the database file is damaged or not a database',
    todo: RESTORE,
  },
  read_only: {
    zh: '无法以写方式打开数据库文件或其目录',
    en: 'the database file or its directory cannot be opened for writing',
    todo: {
      zh: '请让服务用户可写该文件及其目录（或以读写方式重新挂载），再启动',
      en: 'Make the file and its directory writable by the service user (or remount read-write), then start again',
    },
  },
};

/**
 * Storage the server must not start on: serving from it would lose or hide data, and restarting
 * will not help. `main.ts` and the admin CLI print `message` (one line, Chinese and English) and
 * exit with `STORAGE_REFUSED_EXIT_CODE`, so systemd (`RestartPreventExitStatus=3`) stops retrying.
 */
export class StorageRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly file: string,
    readonly detail: string,
  ) {
    const text = REFUSAL_TEXT[reason];
    const oneLine = detail.replace(/\s+/g, ' ');
    super(
      `拒绝打开数据库：${text.zh}：${file}${oneLine ? `（${oneLine}）` : ''}。${text.todo.zh}。` +
        ` / Refusing to open the database: ${text.en}: ${file}${oneLine ? ` (${oneLine})` : ''}.` +
        ` ${text.todo.en}.`,
    );
    this.name = 'StorageRefused';
  }
}

/** Exit code of a refusal; distinct from 1 (a crash) and 2 (bad configuration). */
export const STORAGE_REFUSED_EXIT_CODE = 3;

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * The refusal an error met while opening a database file means, or the error itself when it is
 * none (a transient failure: exit 1, and systemd may retry).
 */
export function refusalFor(file: string, error: unknown): unknown {
  if (error instanceof StorageRefused) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as Error).message;
  const detail =
    typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
  const failure = classifyStorageError(error);
  if (failure === 'corrupt') return new StorageRefused('corrupt', file, detail);
  if (
    failure === 'read_only' ||
    (typeof code === 'string' && (NOT_WRITABLE.has(code) || code.startsWith('SQLITE_CANTOPEN')))
  ) {
    return new StorageRefused('read_only', file, detail);
  }
  return error;
}
