import { createContext } from 'svelte';
import { isRegisteredKind, isValidId, type RegisteredKind } from '@branchbook/model';
import { ApiError } from '$lib/api/client.ts';
import type { AccountSession } from '$lib/account/session.ts';
import {
  browserStorage,
  readItem,
  storedList,
  writeItem,
  type DeviceStorage,
  isRecord,
} from '$lib/device/storage.ts';
import type { DocSession } from './doc-session.svelte.ts';
import type { RegistrationPayloads, Registrars } from './registrars.ts';
import { registrationRefusalKey, type RefusalKey } from './refusal.ts';

/**
 * Where a document of a registered kind is on its way to the server: created on this device and
 * waiting (`local`), being sent (`registering`), in the server's registry (`registered`, also for
 * every document this device did not create), or refused by it (`refused`, until retried).
 */
export type OutboxPhase = 'local' | 'registering' | 'registered' | 'refused';

/** Why the server refused a registration: its HTTP status, the app's sentence, its own words. */
export interface Refusal {
  status: number;
  key: RefusalKey;
  message: string;
}

/** One registration waiting on this device (stored; gone once the server has it). */
export interface OutboxRecord<K extends RegisteredKind = RegisteredKind> {
  kind: K;
  id: string;
  payload: RegistrationPayloads[K];
  createdAt: number;
  refusal: Refusal | null;
}

/** A registration to adopt from an older device format (see `legacy-registrations.ts`). */
export type OutboxInput = {
  [K in RegisteredKind]: { kind: K; id: string; payload: RegistrationPayloads[K] };
}[RegisteredKind];

export interface OutboxAccount {
  readonly session: AccountSession | null;
  readonly userId: string;
  markRevoked(): void;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutboxOptions {
  storage?: DeviceStorage;
  /** The registry call per kind (the app's: `$lib/app/registrars.ts`). */
  registrars: Registrars;
  /** Registrations stored by an older version of the app, adopted when a user's outbox loads. */
  adopt?: (storage: DeviceStorage, userId: string) => OutboxInput[];
  timers?: Timers;
  /** Retry after a failure (network, 5xx, 429): `baseMs` doubling per failure, at most `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
}

export function outboxStorageKey(userId: string): string {
  return `branchbook.outbox.${userId}`;
}

const browserTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The HTTP statuses that are the server's answer (kept until retried), not a passing failure. */
const REFUSING_STATUSES = new Set([400, 403, 404, 409, 410, 413, 422, 426]);

const keyOf = (kind: RegisteredKind, id: string) => `${kind}:${id}`;

/**
 * Every registration this device still owes the server, for every registered kind (plans, lesson
 * drafts, and whatever `DOC_KIND_SPECS` marks `registered` next): one per account, provided by
 * the root layout. A document created offline is added here and registered as soon as the server
 * can be reached — at once, on `online`, whenever a document's socket connects, and otherwise with
 * backoff after a failure. Kept in localStorage, so a reload or a closed tab loses nothing; a
 * refusal is kept with the server's status until the member retries.
 *
 * @example
 * outbox.add('plan', id, { leadBranchId: 'b1', branchIds: ['b1', 'b2'] });
 * outbox.phase('plan', id); // 'local' → 'registering' → 'registered' (or 'refused')
 */
export class Outbox {
  // Raw, replaced whole on every change (never mutated in place).
  #records: readonly OutboxRecord[] = $state.raw([]);
  #inFlight: readonly string[] = $state.raw([]);
  readonly #account: OutboxAccount;
  readonly #storage: DeviceStorage;
  readonly #registrars: Registrars;
  readonly #options: OutboxOptions;
  readonly #timers: Timers;
  #userId: string | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #timer: unknown = null;
  #stopped = false;
  // Not state: nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #registered = new Set<(kind: RegisteredKind, id: string) => void>();

  constructor(account: OutboxAccount, options: OutboxOptions) {
    this.#account = account;
    this.#options = options;
    this.#storage = options.storage ?? browserStorage();
    this.#registrars = options.registrars;
    this.#timers = options.timers ?? browserTimers;
    this.switchUser(account.userId);
  }

  /** Loads the outbox of `userId` (the account signed in, or this device's own user). */
  switchUser(userId: string): void {
    if (userId === this.#userId) return;
    this.#userId = userId;
    this.#records = parseOutbox(readItem(this.#storage, outboxStorageKey(userId)));
    const adopted = this.#options.adopt?.(this.#storage, userId) ?? [];
    const fresh = adopted.filter((input) => !this.#find(input.kind, input.id));
    if (fresh.length > 0) {
      const now = Date.now();
      this.#update((stored) => [
        ...stored,
        ...fresh.map((input) => ({ ...input, createdAt: now, refusal: null })),
      ]);
    }
  }

  /** Registers now, on `online`, and when another tab changes the outbox; returns the cleanup. */
  start(): () => void {
    this.#stopped = false;
    const onOnline = () => void this.kick();
    const onStorage = (event: StorageEvent) => {
      if (this.#userId !== null && event.key === outboxStorageKey(this.#userId)) this.#load();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    void this.kick();
    return () => {
      this.#stopped = true;
      this.#clearTimer();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
    };
  }

  /** The server may be reachable again: try every waiting registration now (resets the backoff). */
  kick(): Promise<void> {
    this.#failures = 0;
    this.#clearTimer();
    return this.#run();
  }

  /**
   * Calls `listener` each time the server registers a document of this outbox (e.g. to send it
   * this device's copy, or the co-author changes made meanwhile); returns the cleanup.
   */
  onRegistered(listener: (kind: RegisteredKind, id: string) => void): () => void {
    this.#registered.add(listener);
    return () => this.#registered.delete(listener);
  }

  /** Adds a document created on this device; it is registered as soon as the server answers. */
  add<K extends RegisteredKind>(
    kind: K,
    id: string,
    payload: RegistrationPayloads[K],
    now = Date.now(),
  ): Promise<void> {
    const record = { kind, id, payload, createdAt: now, refusal: null } as OutboxRecord;
    this.#update((stored) =>
      stored.some((r) => r.kind === kind && r.id === id) ? stored : [...stored, record],
    );
    return this.kick();
  }

  phase(kind: RegisteredKind, id: string): OutboxPhase {
    const record = this.#find(kind, id);
    if (!record) return 'registered';
    if (this.#inFlight.includes(keyOf(kind, id))) return 'registering';
    return record.refusal ? 'refused' : 'local';
  }

  /** The server has not registered it yet (waiting, being sent, or refused). */
  isOnDeviceOnly(kind: RegisteredKind, id: string): boolean {
    return this.#find(kind, id) !== undefined;
  }

  refusal(kind: RegisteredKind, id: string): Refusal | null {
    return this.#find(kind, id)?.refusal ?? null;
  }

  /** The registrations of `kind` not yet done, oldest first. */
  records<K extends RegisteredKind>(kind: K): OutboxRecord<K>[] {
    return this.#records.filter((r): r is OutboxRecord<K> => r.kind === kind);
  }

  /** Documents waiting for the server (on this device or being registered), of one kind or all. */
  waitingCount(kind?: RegisteredKind): number {
    return this.#records.filter(
      (r) => r.refusal === null && (kind === undefined || r.kind === kind),
    ).length;
  }

  refusedCount(kind?: RegisteredKind): number {
    return this.#records.filter(
      (r) => r.refusal !== null && (kind === undefined || r.kind === kind),
    ).length;
  }

  /**
   * The server listed these documents, so it has them — whatever this device thought (the answer
   * to a registration can be lost on the way back).
   */
  confirm(kind: RegisteredKind, listedIds: readonly string[]): void {
    // Not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const listed = new Set(listedIds);
    if (!this.#records.some((r) => r.kind === kind && listed.has(r.id))) return;
    this.#update((stored) => stored.filter((r) => !(r.kind === kind && listed.has(r.id))));
  }

  /** Tries a refused registration again (e.g. after the pairing was fixed). */
  retry(kind: RegisteredKind, id: string): Promise<void> {
    this.#update((stored) =>
      stored.map((r) => (r.kind === kind && r.id === id ? { ...r, refusal: null } : r)),
    );
    return this.kick();
  }

  #find(kind: RegisteredKind, id: string): OutboxRecord | undefined {
    return this.#records.find((r) => r.kind === kind && r.id === id);
  }

  #run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#runOnce().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.#run();
      }
    });
    return this.#running;
  }

  async #runOnce(): Promise<void> {
    const session = this.#account.session;
    if (!session || session.revoked || this.#stopped) return;
    const server = { serverUrl: session.serverUrl, token: session.token };
    let failed = false;
    for (const record of this.#records.filter((r) => r.refusal === null)) {
      const key = keyOf(record.kind, record.id);
      if (this.#inFlight.includes(key)) continue;
      this.#inFlight = [...this.#inFlight, key];
      try {
        await this.#send(server, record);
        this.#update((stored) =>
          stored.filter((r) => !(r.kind === record.kind && r.id === record.id)),
        );
        for (const listener of this.#registered) listener(record.kind, record.id);
      } catch (error) {
        if (error instanceof ApiError && error.failure === 'unauthorized') {
          this.#account.markRevoked();
          return;
        }
        if (error instanceof ApiError && REFUSING_STATUSES.has(error.status)) {
          const refusal = {
            status: error.status,
            key: registrationRefusalKey(error.status),
            message: error.message,
          };
          this.#update((stored) =>
            stored.map((r) =>
              r.kind === record.kind && r.id === record.id ? { ...r, refusal } : r,
            ),
          );
        } else {
          // Offline, the server down or busy: the next `online`, connection or backoff tick.
          failed = true;
        }
      } finally {
        this.#inFlight = this.#inFlight.filter((k) => k !== key);
      }
    }
    if (failed) this.#scheduleRetry();
    else this.#failures = 0;
  }

  #send(server: { serverUrl: string; token: string }, record: OutboxRecord): Promise<void> {
    // Each kind with its own payload type: narrowed by the record's kind.
    const register = this.#registrars[record.kind] as (
      s: typeof server,
      id: string,
      payload: unknown,
    ) => Promise<void>;
    return register(server, record.id, record.payload);
  }

  #scheduleRetry(): void {
    if (this.#stopped || this.#timer !== null) return;
    const { baseMs, maxMs } = this.#options.backoff ?? { baseMs: 2000, maxMs: 5 * 60_000 };
    const delay = Math.min(maxMs, baseMs * 2 ** this.#failures);
    this.#failures++;
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      void this.#run();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer === null) return;
    this.#timers.clear(this.#timer);
    this.#timer = null;
  }

  #load(): void {
    if (this.#userId === null) return;
    this.#records = parseOutbox(readItem(this.#storage, outboxStorageKey(this.#userId)));
    void this.#run();
  }

  /**
   * Applies one change to the stored outbox as it is now — not to this tab's copy — so that what
   * another tab added or finished meanwhile is neither lost nor brought back.
   */
  #update(change: (stored: readonly OutboxRecord[]) => readonly OutboxRecord[]): void {
    if (this.#userId === null) return;
    const key = outboxStorageKey(this.#userId);
    const next = change(parseOutbox(readItem(this.#storage, key)));
    this.#records = next;
    writeItem(this.#storage, key, JSON.stringify(next));
  }
}

function parseRefusal(value: unknown): Refusal | null {
  if (!isRecord(value) || typeof value.status !== 'number') return null;
  return {
    status: value.status,
    key: registrationRefusalKey(value.status),
    message: typeof value.message === 'string' ? value.message : '',
  };
}

/** Reads a stored outbox; anything unreadable is skipped, never thrown. */
export function parseOutbox(raw: string | null): OutboxRecord[] {
  const records: OutboxRecord[] = [];
  for (const item of storedList(raw)) {
    if (!isRecord(item) || typeof item.kind !== 'string' || !isRegisteredKind(item.kind)) continue;
    if (typeof item.id !== 'string' || !isValidId(item.id) || !isRecord(item.payload)) continue;
    if (records.some((r) => r.kind === item.kind && r.id === item.id)) continue;
    records.push({
      kind: item.kind,
      id: item.id,
      payload: item.payload as unknown as RegistrationPayloads[RegisteredKind],
      createdAt: typeof item.createdAt === 'number' ? item.createdAt : 0,
      refusal: parseRefusal(item.refusal),
    } as OutboxRecord);
  }
  return records;
}

/**
 * Sends this device's copy of a just-registered document: opens it synced and closes it once the
 * server confirmed it has everything, or refused it, or `signal` aborts (the app is closing it).
 */
export async function sendDeviceCopy(session: DocSession, signal?: AbortSignal): Promise<void> {
  try {
    await session.ready;
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', finish);
        queueMicrotask(stop);
        resolve();
      };
      signal?.addEventListener('abort', finish);
      const stop = $effect.root(() => {
        $effect(() => {
          if (session.syncState === 'synced' || session.refusedWith !== null) finish();
        });
      });
      if (signal?.aborted) finish();
    });
  } finally {
    await session.destroy();
  }
}

const [getOutbox, setOutbox] = createContext<Outbox>();
export { getOutbox, setOutbox };
