import {
  browserStorage,
  readItem,
  storedList,
  writeItem,
  type DeviceStorage,
} from '$lib/device/storage.ts';

/** Where the names of documents with changes the server has not confirmed are kept (localStorage). */
export const WAITING_DOCS_KEY = 'branchbook.waitingDocs';

/**
 * The documents whose copy on this device holds changes the server has not confirmed it stored —
 * also those closed since, so the header can say "3 份待同步" on any screen and after a reload
 * without network, and so the app can send them when the server is reachable again without the
 * member opening each one. Each `DocSession` marks its own doc (a change made here that the
 * server lacks; the server's acknowledgement covering everything); kept in localStorage, shared
 * by this device's tabs through the `storage` event.
 *
 * @example
 * const waiting = new WaitingDocs(memoryStorage());
 * waiting.mark('plan:p1', true);
 * waiting.count; // 1
 */
export class WaitingDocs {
  /** Raw, replaced whole on every change (never mutated in place). */
  #names: readonly string[] = $state.raw([]);
  /** Docs open in this tab, by how many sessions hold each: they sync themselves. Not state. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #open = new Map<string, number>();
  readonly #storage: DeviceStorage;

  constructor(storage: DeviceStorage = browserStorage()) {
    this.#storage = storage;
    this.reload();
  }

  get names(): readonly string[] {
    return this.#names;
  }

  get count(): number {
    return this.#names.length;
  }

  has(name: string): boolean {
    return this.#names.includes(name);
  }

  /** Records whether the device copy of `name` holds changes the server has not confirmed. */
  mark(name: string, waiting: boolean): void {
    if (this.has(name) === waiting) return;
    // Re-read first: another tab may have marked others since this one last looked.
    const others = parseNames(readItem(this.#storage, WAITING_DOCS_KEY)).filter((n) => n !== name);
    const next = waiting ? [...others, name] : others;
    writeItem(this.#storage, WAITING_DOCS_KEY, next.length ? JSON.stringify(next) : null);
    this.#names = next;
  }

  /** A session of `name` opened in this tab; returns what to call when it closes. */
  opened(name: string): () => void {
    this.#open.set(name, (this.#open.get(name) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.#open.get(name) ?? 1) - 1;
      if (left > 0) this.#open.set(name, left);
      else this.#open.delete(name);
    };
  }

  /** Waiting docs no session of this tab holds: nothing sends them until someone opens them. */
  closedWaiting(): string[] {
    return this.#names.filter((name) => !this.#open.has(name));
  }

  /** Follows the other tabs' marks; returns the cleanup. */
  watchOtherTabs(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window) {
    const onStorage = (event: StorageEvent) => {
      if (event.key === WAITING_DOCS_KEY || event.key === null) this.reload();
    };
    target.addEventListener('storage', onStorage);
    return () => target.removeEventListener('storage', onStorage);
  }

  /** Reads the list again (e.g. after signing out deleted it with the rest of the account). */
  reload(): void {
    this.#names = parseNames(readItem(this.#storage, WAITING_DOCS_KEY));
  }
}

function parseNames(raw: string | null): string[] {
  const names = storedList(raw).filter((item): item is string => typeof item === 'string');
  return names.filter((name, i) => names.indexOf(name) === i);
}

let shared: WaitingDocs | null = null;

/** The app's one list, created on first use (every `DocSession` that syncs marks its doc there). */
export function waitingDocs(): WaitingDocs {
  shared ??= new WaitingDocs();
  return shared;
}
