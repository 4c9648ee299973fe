import { createContext } from 'svelte';
import { initLesson, updateLesson } from '@branchbook/model';
import { ApiError } from '$lib/auth/api.ts';
import type { AccountSession, BranchMembership } from '$lib/auth/session.ts';
import { browserStorage, readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { newId } from '$lib/ids.ts';
import { fetchLessons, registerLesson, setLessonCoAuthors } from '$lib/lessons/lesson-api.ts';
import {
  lessonIndexStorageKey,
  mergeServerLessons,
  parseLessonIndex,
  pendingWork,
  serializeLessonIndex,
  sortLessonIndex,
  type LessonIndexEntry,
} from '$lib/lessons/lesson-index.ts';
import { DocSession } from '$lib/sync/doc-session.svelte.ts';

/** What the registry needs of the signed-in account (`AccountState` has it). */
export interface RegistryAccount {
  readonly session: AccountSession | null;
  readonly userId: string;
  readonly branch: BranchMembership | null;
  markRevoked(): void;
}

/**
 * The lesson drafts this account has on this device and on the server. A new draft is created on
 * the device (works offline) and registered with the server when it can be reached — until then
 * it lives only here, and the server refuses its document. The author's co-author changes reach
 * the server the same way. `sync()` runs on `start()`, on `online`, and after each change.
 */
export class LessonRegistry {
  entries: LessonIndexEntry[] = $state([]);
  /** Why the server's list could not be loaded (not for being offline); null when it was. */
  listError: string | null = $state(null);
  /** Registration or co-author update errors per draft id, for the UI. */
  errors: Record<string, string> = $state({});
  /** The server's list has been loaded in this session. */
  listed = $state(false);

  readonly #account: RegistryAccount;
  readonly #storage: DeviceStorage;
  #syncing: Promise<void> | null = null;
  #again = false;

  constructor(account: RegistryAccount, storage: DeviceStorage = browserStorage()) {
    this.#account = account;
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

  /** Syncs now and whenever the device comes online; returns the cleanup. */
  start(): () => void {
    const onOnline = () => void this.sync();
    const onStorage = (event: StorageEvent) => {
      if (event.key === this.#key) this.#load();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    void this.sync();
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('storage', onStorage);
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
    const local = new DocSession(`lesson:${id}`, { sync: false, gc: false });
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
        registered: false,
        coAuthors: [],
        coAuthorsSynced: true,
      },
    ]);
    void this.sync();
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

  /** Registers pending drafts, sends co-author changes, then loads the server's list. */
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
    for (const work of pendingWork(this.entries, session.userId)) {
      const { entry } = work;
      try {
        if (work.kind === 'register') {
          await registerLesson(session.serverUrl, session.token, {
            id: entry.id,
            branch: entry.branchId,
            coAuthors: entry.coAuthors,
          });
        } else {
          await setLessonCoAuthors(session.serverUrl, session.token, entry.id, entry.coAuthors);
        }
        this.#markSent(entry);
        this.#setError(entry.id, null);
      } catch (error) {
        if (this.#handled(error)) return;
        this.#setError(entry.id, describe(error));
      }
    }
    try {
      const server = await fetchLessons(session.serverUrl, session.token);
      this.listed = true;
      this.#save(mergeServerLessons(this.entries, server, Date.now()));
      this.listError = null;
    } catch (error) {
      if (this.#handled(error)) return;
      this.listError = describe(error);
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
        if (entry.id !== sent.id) return entry;
        const same = entry.coAuthors.join() === sent.coAuthors.join();
        return { ...entry, registered: true, coAuthorsSynced: same ? true : entry.coAuthorsSynced };
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
    return entry.registered && this.listed;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const [getLessonRegistry, setLessonRegistry] = createContext<LessonRegistry>();
export { getLessonRegistry, setLessonRegistry };
