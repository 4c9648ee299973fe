import { formatDocName, type DocName } from '@branchbook/model';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { AccessChange } from '../auth/auth-store.ts';
import type { Logger } from '../log.ts';
import type { Peer } from './peer.ts';

/** Where changes of the records come from: the `access_changes` table, filled by triggers. */
export interface AccessChangeFeed {
  lastAccessChange(): Promise<number>;
  accessChangesSince(seq: number, limit: number): Promise<AccessChange[]>;
}

/** One open connection as access sees it. The token stays in memory, never in a log. */
export interface LiveConnection {
  peer: Peer;
  token: string | null;
  doc: DocName;
}

const BATCH = 500;

/**
 * Access follows the records while a socket is open: the server polls the change feed (shared by
 * every process through the database, and written by the admin CLI too), and re-decides access
 * for the open connections of each changed user or document — a revoked token or a removed member
 * is closed (4401 / 4403), a demoted writer becomes a reader.
 */
export class LiveAccess {
  readonly #byUser = new Map<string, Set<LiveConnection>>();
  readonly #byDoc = new Map<string, Set<LiveConnection>>();
  readonly #access: AccessPolicy;
  readonly #feed: AccessChangeFeed;
  readonly #log: Logger;
  #seq = 0;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;

  constructor(access: AccessPolicy, feed: AccessChangeFeed, log: Logger) {
    this.#access = access;
    this.#feed = feed;
    this.#log = log;
  }

  /** Starts from the newest change: what happened before is already in every decision. */
  async start(intervalMs: number): Promise<void> {
    this.#seq = await this.#feed.lastAccessChange();
    this.#timer = setInterval(() => void this.poll(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  add(connection: LiveConnection): void {
    const userId = connection.peer.userId;
    if (userId !== null) addTo(this.#byUser, userId, connection);
    addTo(this.#byDoc, formatDocName(connection.doc), connection);
  }

  remove(connection: LiveConnection): void {
    const userId = connection.peer.userId;
    if (userId !== null) removeFrom(this.#byUser, userId, connection);
    removeFrom(this.#byDoc, formatDocName(connection.doc), connection);
  }

  /** Reads new changes and re-checks whom they concern; one poll at a time. */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = null;
    });
    return this.#polling;
  }

  async #poll(): Promise<void> {
    try {
      for (;;) {
        const changes = await this.#feed.accessChangesSince(this.#seq, BATCH);
        if (changes.length === 0) return;
        this.#seq = changes.at(-1)?.seq ?? this.#seq;
        const affected = new Set<LiveConnection>();
        for (const { userId, doc } of changes) {
          if (userId !== null) for (const c of this.#byUser.get(userId) ?? []) affected.add(c);
          if (doc !== null) for (const c of this.#byDoc.get(doc) ?? []) affected.add(c);
        }
        await Promise.all([...affected].map((connection) => this.#recheck(connection)));
        if (changes.length < BATCH) return;
      }
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'checking access changes failed');
    }
  }

  async #recheck(connection: LiveConnection): Promise<void> {
    const access = await this.#access.authorize(connection.token, connection.doc);
    if (!access.allowed) {
      this.#log.info(
        { doc: formatDocName(connection.doc), peer: connection.peer.id, code: access.code },
        'access withdrawn; closing',
      );
      connection.peer.close(access.code, access.reason);
      this.remove(connection);
      return;
    }
    connection.peer.canWrite = access.canWrite;
  }
}

function addTo(map: Map<string, Set<LiveConnection>>, key: string, value: LiveConnection): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(
  map: Map<string, Set<LiveConnection>>,
  key: string,
  value: LiveConnection,
): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
