import { createContext } from 'svelte';
import { API } from '@branchbook/protocol';
import { ApiError, callApi } from '$lib/api/client.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import {
  EMPTY_INBOX,
  addAnswer,
  markAllSeen,
  readInbox,
  unseenCount,
  writeInbox,
  type StoredInbox,
} from './inbox-store.ts';

export interface InboxAccount {
  readonly session: AccountSession | null;
  readonly userId: string;
  markRevoked(): void;
}

/** At most this many pages per refresh (100 events each): the rest comes with the next one. */
const MAX_PAGES = 5;

/**
 * What concerns the signed-in member, heard from the registry (`GET /api/inbox`) and kept on the
 * device: fetched when the app starts, comes online or is looked at again, and every few minutes
 * while it is on screen — there is no push service on a self-hosted intranet. One for the app,
 * provided by the root layout; the tab shows `unseen`.
 */
export class InboxState {
  readonly #account: InboxAccount;
  readonly #storage: DeviceStorage;
  #userId: string | null = null;
  #refreshing: Promise<void> | null = null;
  inbox: StoredInbox = $state.raw(EMPTY_INBOX);
  /** The last refresh could not reach the server (the list is the device's). */
  offline = $state(false);
  readonly unseen: number = $derived(unseenCount(this.inbox));

  constructor(account: InboxAccount, options: { storage?: DeviceStorage } = {}) {
    this.#account = account;
    this.#storage = options.storage ?? browserStorage();
    this.switchUser(account.userId);
  }

  /** Loads the inbox of the account signed in now. */
  switchUser(userId: string): void {
    if (userId === this.#userId) return;
    this.#userId = userId;
    this.inbox = readInbox(this.#storage, userId);
  }

  /** Asks the server for what is new; one refresh at a time. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const session = this.#account.session;
    const userId = this.#userId;
    if (!session || session.revoked || userId === null || userId !== session.userId) return;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const cursor = this.inbox.cursor;
        const answer = await callApi(session.serverUrl, API.inbox, {
          token: session.token,
          ...(cursor === null ? {} : { query: { after: String(cursor) } }),
        });
        if (this.#userId !== userId) return;
        const next = addAnswer(this.inbox, answer);
        if (next !== this.inbox) this.#save(next);
        if (!answer.more) break;
      }
      this.offline = false;
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'unauthorized')
        this.#account.markRevoked();
      else this.offline = true;
    }
  }

  /** The member looked at the inbox: the count goes to zero. */
  markSeen(): void {
    const next = markAllSeen(this.inbox);
    if (next !== this.inbox) this.#save(next);
  }

  /** Refreshes now, on `online`, when the app is looked at again and every `everyMs` while visible. */
  start(everyMs = 3 * 60_000): () => void {
    const refresh = () => void this.refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = setInterval(onVisible, everyMs);
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', onVisible);
    refresh();
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }

  #save(inbox: StoredInbox): void {
    this.inbox = inbox;
    if (this.#userId !== null) writeInbox(this.#storage, this.#userId, inbox);
  }
}

const [getInbox, setInbox] = createContext<InboxState>();
export { getInbox, setInbox };
