import { createContext } from 'svelte';
import { initLesson, updateLesson, type LessonReview, type ReviewStatus } from '@branchbook/model';
import { ApiError } from '$lib/account/api.ts';
import type { AccountSession, BranchMembership } from '$lib/account/session.ts';
import { browserStorage, readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { newId } from '$lib/device/ids.ts';
import { fetchLessons, reviewLesson, setLessonCoAuthors } from '$lib/lessons/lesson-api.ts';
import {
  coAuthorsToSend,
  lessonIndexStorageKey,
  mergeServerLessons,
  parseLessonIndex,
  serializeLessonIndex,
  sortLessonIndex,
  type LessonIndexEntry,
} from '$lib/lessons/lesson-index.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import type { Outbox } from '$lib/sync/outbox.svelte.ts';

/** Why a review step did not happen, for a sentence by the review buttons. */
export type ReviewRefusal = 'offline' | 'changed' | 'forbidden' | 'failed';

/** What the registry needs of the signed-in account (`AccountState` has it). */
export interface RegistryAccount {
  readonly session: AccountSession | null;
  readonly userId: string;
  readonly branch: BranchMembership | null;
  markRevoked(): void;
}

/**
 * The lesson drafts this account has on this device and on the server. A new draft is created on
 * the device (works offline) and handed to the outbox, which registers it with the server when it
 * can be reached — until then it lives only here, and the server refuses its document. The
 * author's co-author changes reach the server from here: `sync()` runs on `start()`, on `online`,
 * after each change and when the outbox has registered a draft.
 */
export class LessonRegistry {
  entries: LessonIndexEntry[] = $state([]);
  /** Why the server's list could not be loaded (not for being offline); null when it was. */
  listError: string | null = $state(null);
  /** Co-author update errors per draft id, for the UI (registration: see the outbox). */
  errors: Record<string, string> = $state({});
  /** The server's list has been loaded in this session. */
  listed = $state(false);

  readonly #account: RegistryAccount;
  readonly #storage: DeviceStorage;
  readonly #outbox: Outbox;
  #syncing: Promise<void> | null = null;
  #again = false;

  constructor(account: RegistryAccount, outbox: Outbox, storage: DeviceStorage = browserStorage()) {
    this.#account = account;
    this.#outbox = outbox;
    this.#storage = storage;
    this.#load();
  }

  /** Newest first. */
  get list(): LessonIndexEntry[] {
    return sortLessonIndex(this.entries);
  }

  entry(id: string): LessonIndexEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** The server has not registered this draft yet (waiting, being registered, or refused). */
  onDeviceOnly(id: string): boolean {
    return this.#outbox.isOnDeviceOnly('lesson', id);
  }

  /** Syncs now, whenever the device comes online and when a draft is registered; returns the cleanup. */
  start(): () => void {
    const onOnline = () => void this.sync();
    const stopRegistered = this.#outbox.onRegistered((kind) => {
      if (kind === 'lesson') void this.sync();
    });
    const onStorage = (event: StorageEvent) => {
      if (event.key === this.#key) this.#load();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    void this.sync();
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
      stopRegistered();
    };
  }

  /**
   * Creates a draft on this device — its doc initialised and stored before anything else — and
   * returns its id. Needs a signed-in account with a branch (the draft is registered for it).
   */
  async create(now: number = Date.now()): Promise<string> {
    const session = this.#account.session;
    const branch = this.#account.branch;
    if (!session || !branch) throw new Error('sign in with a branch to create a lesson draft');
    const id = newId();
    const local = openDoc('lesson', id, null);
    try {
      await local.ready;
      local.doc.transact(() => {
        initLesson(local.doc, { id, authorId: session.userId });
        updateLesson(local.doc, { speaker: session.name });
      });
      await local.flushed();
    } finally {
      await local.destroy();
    }
    this.#save([
      ...this.entries,
      {
        id,
        branchId: branch.branchId,
        authorId: session.userId,
        createdAt: now,
        coAuthors: [],
        coAuthorsSynced: true,
      },
    ]);
    void this.#outbox.add('lesson', id, { branch: branch.branchId, coAuthors: [] }, now);
    return id;
  }

  /** The author's co-author choice, for the server's registry (the doc holds its own copy). */
  setCoAuthors(id: string, coAuthors: readonly string[]): void {
    const sorted = coAuthors.filter((u, i) => coAuthors.indexOf(u) === i).sort();
    this.#save(
      this.entries.map((entry) =>
        entry.id === id ? { ...entry, coAuthors: sorted, coAuthorsSynced: false } : entry,
      ),
    );
    void this.sync();
  }

  /** Sends co-author changes of registered drafts, then loads the server's list. */
  sync(): Promise<void> {
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = this.#syncOnce().finally(() => {
      this.#syncing = null;
      if (this.#again) {
        this.#again = false;
        void this.sync();
      }
    });
    return this.#syncing;
  }

  async #syncOnce(): Promise<void> {
    const session = this.#account.session;
    if (!session || session.revoked) return;
    const onDeviceOnly = (id: string) => this.onDeviceOnly(id);
    for (const entry of coAuthorsToSend(this.entries, session.userId, onDeviceOnly)) {
      try {
        await setLessonCoAuthors(session.serverUrl, session.token, entry.id, entry.coAuthors);
        this.#markSent(entry);
        this.#setError(entry.id, null);
      } catch (error) {
        if (this.#handled(error)) return;
        this.#setError(entry.id, describe(error));
      }
    }
    // A draft registered while the list was on its way is not in it: it still counts as waiting.
    // Not state: read once, below.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const waitingWhenAsked = new Set(
      this.entries.filter((e) => onDeviceOnly(e.id)).map((e) => e.id),
    );
    const keep = (id: string) => waitingWhenAsked.has(id) || onDeviceOnly(id);
    try {
      const server = await fetchLessons(session.serverUrl, session.token);
      this.listed = true;
      this.#outbox.confirm(
        'lesson',
        server.map((lesson) => lesson.id),
      );
      this.#save(mergeServerLessons(this.entries, server, Date.now(), keep));
      this.listError = null;
    } catch (error) {
      if (this.#handled(error)) return;
      this.listError = describe(error);
    }
  }

  /**
   * One review step, recorded by the registry (never in the draft: the committee only reads it).
   * Needs the server: offline it says so rather than pretend. On `review_changed` the list is
   * fetched again, so the viewer sees what someone else decided before acting again.
   */
  async review(
    id: string,
    from: ReviewStatus,
    status: ReviewStatus,
    note = '',
  ): Promise<{ ok: true; review: LessonReview } | { ok: false; reason: ReviewRefusal }> {
    const session = this.#account.session;
    if (!session) return { ok: false, reason: 'offline' };
    try {
      const lesson = await reviewLesson(session.serverUrl, session.token, id, {
        from,
        status,
        note: note.trim(),
      });
      this.#save(this.entries.map((e) => (e.id === id ? { ...e, review: lesson.review } : e)));
      return { ok: true, review: lesson.review };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.failure === 'unauthorized') this.#account.markRevoked();
      if (error.code === 'review_changed') void this.sync();
      const reason: ReviewRefusal =
        error.failure === 'network'
          ? 'offline'
          : error.code === 'review_changed'
            ? 'changed'
            : error.failure === 'forbidden'
              ? 'forbidden'
              : 'failed';
      return { ok: false, reason };
    }
  }

  /** Offline or signed out by the server: nothing to show per draft. */
  #handled(error: unknown): boolean {
    if (!(error instanceof ApiError)) return false;
    if (error.failure === 'unauthorized') this.#account.markRevoked();
    return error.failure === 'network' || error.failure === 'unauthorized';
  }

  /** Marks what was sent as on the server — unless it changed meanwhile (sent again next run). */
  #markSent(sent: LessonIndexEntry): void {
    this.#save(
      this.entries.map((entry) => {
        if (entry.id !== sent.id || entry.coAuthors.join() !== sent.coAuthors.join()) return entry;
        return { ...entry, coAuthorsSynced: true };
      }),
    );
  }

  #setError(id: string, message: string | null): void {
    if (message === null) {
      if (!(id in this.errors)) return;
      this.errors = Object.fromEntries(Object.entries(this.errors).filter(([key]) => key !== id));
    } else {
      this.errors = { ...this.errors, [id]: message };
    }
  }

  get #key(): string {
    return lessonIndexStorageKey(this.#account.userId);
  }

  #load(): void {
    this.entries = parseLessonIndex(readItem(this.#storage, this.#key));
  }

  #save(entries: LessonIndexEntry[]): void {
    // Another tab may have written since this one loaded: keep its drafts too.
    const stored = parseLessonIndex(readItem(this.#storage, this.#key));
    const merged = [
      ...entries,
      ...stored.filter((entry) => !entries.some((e) => e.id === entry.id) && !this.#dropped(entry)),
    ];
    this.entries = merged;
    writeItem(this.#storage, this.#key, serializeLessonIndex(merged));
  }

  /** An entry this tab removed on purpose (the server no longer lists it) is not re-added. */
  #dropped(entry: LessonIndexEntry): boolean {
    return !this.onDeviceOnly(entry.id) && this.listed;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const [getLessonRegistry, setLessonRegistry] = createContext<LessonRegistry>();
export { getLessonRegistry, setLessonRegistry };
