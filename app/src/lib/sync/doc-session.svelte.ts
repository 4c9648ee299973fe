import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import {
  CLOSE,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SAVED_ACKS_PARAM,
  decodeSavedMessage,
  isCoveredBy,
} from '@branchbook/protocol';
import { requestPersistentStorage } from './persistent-storage.ts';
import { reconnectsAfter } from './refusal.ts';
import { mergeVectors } from './state-vectors.ts';
import { deriveSyncState, type ConnectionPhase, type SyncState } from './sync-state.ts';
import { waitingDocs, type WaitingDocs } from './waiting-docs.svelte.ts';

/** Where the device copy of a doc is: still opening, open, or unavailable (the doc lives in memory). */
export type LocalStoreStatus = 'opening' | 'ready' | 'failed';

export interface DocSessionOptions {
  /**
   * Query parameters for the sync socket, e.g. `{ token }` once signed in. `saved=1` (ask the
   * server for storage acknowledgements) is always added.
   */
  params?: Record<string, string>;
  /** False keeps the doc on this device only; default true. */
  sync?: boolean;
  /** The sync endpoint; default `ws(s)://<this host>/sync`. The doc name is appended as the room. */
  serverUrl?: string;
  /** How long to wait for IndexedDB before carrying on without it (iOS can hang on open). */
  openTimeoutMs?: number;
  /**
   * Called once when the server refuses the doc for good (close codes 4400–4499, e.g. 4401 when
   * the token was revoked); the session then stops reconnecting, also on `online`.
   */
  onrefused?: (code: number) => void;
  /** Called each time the sync socket connects (the server is reachable again). */
  onconnected?: () => void;
  /**
   * False keeps deleted content in the doc (`new Y.Doc({ gc: false })`), which Yjs snapshots need
   * — e.g. a lesson draft's named versions. Default true.
   */
  gc?: boolean;
  /**
   * Where the session records whether this device holds changes of the doc the server has not
   * confirmed (see `WaitingDocs`); default the app's shared list. Only for synced docs.
   */
  waiting?: WaitingDocs;
}

/** y-indexeddb only compacts at 500 rows and appends a snapshot on every load; we compact earlier. */
const COMPACT_ABOVE_ROWS = 200;
const DB_PREFIX = 'branchbook:';
const UPDATES_STORE = 'updates';

export function defaultSyncUrl(where: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${where.protocol === 'https:' ? 'wss' : 'ws'}://${where.host}/sync`;
}

/**
 * One open Y.Doc: loaded from this device first (y-indexeddb), then kept in sync with the server
 * (y-websocket), with an honest `syncState` for the UI. State classes read `doc`; components read
 * only the rune fields.
 *
 * @example
 * const session = new DocSession('study:u1');
 * await session.ready; // the device copy is loaded (or known to be unavailable)
 * session.syncState;   // 'synced' once the server confirmed it stored everything
 * await session.destroy();
 */
/** Key in y-indexeddb's custom store: the server's last confirmed state vector for this doc. */
const SERVER_VECTOR_KEY = 'branchbook:server-vector';

export class DocSession {
  readonly name: string;
  readonly doc: Y.Doc;
  /**
   * Who is here: presence shared through the sync socket (and this device's other tabs). Exists
   * also when the doc is not synced, so an editor can always bind to it; `pagehide` clears it.
   */
  readonly awareness: Awareness;
  /** Resolves once the device copy is loaded or known to be unavailable; never rejects. */
  readonly ready: Promise<void>;

  localStore: LocalStoreStatus = $state('opening');
  /** Why the device copy cannot be used, for the UI to show; null while all is well. */
  localStoreError: string | null = $state(null);
  /** Every change to this doc so far is committed to IndexedDB. */
  savedLocally = $state(false);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  connection: ConnectionPhase = $state('connecting');
  /** The server's stored state vector covers the local doc (from its last `saved` message). */
  serverCovered = $state(false);
  /** The server's copy has been received at least once in this session (sync step 2). */
  receivedServerState = $state(false);
  /** The close code when the server refused us for good (4401, 4403, …); null otherwise. */
  refusedWith: number | null = $state(null);

  #remote: boolean;
  #persistence: IndexeddbPersistence | null = null;
  #provider: WebsocketProvider | null = null;
  #serverVector: Map<number, number> | null = null;
  #cleanups: (() => void)[] = [];
  #destroyed = false;
  #flushQueued = false;
  #flushGeneration = 0;
  #writeFailed = false;
  #madeLocalChange = false;
  #onrefused: ((code: number) => void) | undefined;
  #onconnected: (() => void) | undefined;
  /** True while the provider applies a message that came over the socket (not another tab). */
  #applyingFromServer = false;
  #rememberQueued = false;
  #waiting: WaitingDocs | null;
  #closeWaiting: () => void = () => {};

  constructor(name: string, options: DocSessionOptions = {}) {
    this.name = name;
    this.doc = new Y.Doc({ gc: options.gc ?? true });
    // Destroyed with the doc (Awareness listens for the doc's `destroy`).
    this.awareness = new Awareness(this.doc);
    this.#remote = options.sync ?? true;
    this.#waiting = this.#remote ? (options.waiting ?? waitingDocs()) : null;
    if (this.#waiting) this.#closeWaiting = this.#waiting.opened(name);
    const onUpdate = (update: Uint8Array, origin: unknown) => this.#onUpdate(update, origin);
    this.doc.on('update', onUpdate);
    this.#cleanups.push(() => this.doc.off('update', onUpdate));
    this.#onrefused = options.onrefused;
    this.#onconnected = options.onconnected;
    this.#listen(window, 'online', () => {
      this.online = true;
      // Reconnect now rather than at the next backoff tick — unless the server refused us.
      const provider = this.#provider;
      if (provider && this.refusedWith === null && !provider.wsconnected) provider.connect();
    });
    this.#listen(window, 'offline', () => {
      this.online = false;
      // Close the socket rather than trust it: a socket can outlive the network (a captive
      // portal, a flaky camp uplink, DevTools' offline mode) and would then swallow edits
      // without reaching the server. Keep the BroadcastChannel that syncs this device's tabs.
      const provider = this.#provider;
      if (provider) {
        provider.disconnect();
        provider.connectBc();
      }
    });
    this.ready = this.#open(options);
  }

  /** What the sync indicator shows for this doc (see `deriveSyncState`). */
  get syncState(): SyncState {
    return deriveSyncState({
      remote: this.#remote,
      online: this.online,
      connection: this.connection,
      serverCovered: this.serverCovered,
      savedLocally: this.savedLocally,
    });
  }

  /**
   * Tries the server again after it refused the doc, for a refusal that may since have been lifted
   * (e.g. a lesson draft registered after it was created offline). No-op while connected.
   */
  reconnect(): void {
    const provider = this.#provider;
    if (!provider || this.#destroyed) return;
    this.refusedWith = null;
    if (this.online && !provider.wsconnected && !provider.wsconnecting) provider.connect();
  }

  /**
   * Resolves once every change made so far is committed to IndexedDB (at once when the device
   * copy is unavailable). Used before a doc is closed on purpose, e.g. when merging docs.
   */
  async flushed(): Promise<void> {
    await this.ready;
    const db = this.#persistence?.db;
    if (!db || this.#destroyed) return;
    // Readwrite transactions on one store complete in order (see #scheduleFlushCheck).
    await new Promise<void>((resolve) => {
      try {
        const tx = db.transaction([UPDATES_STORE], 'readwrite');
        tx.oncomplete = () => resolve();
        tx.onerror = () => resolve();
        tx.onabort = () => resolve();
      } catch {
        resolve();
      }
    });
  }

  /** Stops syncing and closes the device copy; the data stays on the device and the server. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#closeWaiting();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#provider?.destroy();
    this.#provider = null;
    const persistence = this.#persistence;
    this.#persistence = null;
    // A confirmation that arrived in this very task is still written (close waits for it).
    if (this.#rememberQueued && this.#serverVector) {
      persistence?.set(SERVER_VECTOR_KEY, JSON.stringify([...this.#serverVector])).catch(() => {});
    }
    this.doc.destroy();
    await persistence?.destroy().catch(() => undefined);
  }

  async #open(options: DocSessionOptions): Promise<void> {
    try {
      await this.#openLocal(options.openTimeoutMs ?? 10_000);
      if (this.#destroyed) return;
      this.localStore = 'ready';
      this.savedLocally = true;
      await this.#recallServerVector();
      // Changes made before this session (maybe in a version that kept no list) that the server
      // never confirmed: waiting too. An empty doc is covered by anything, so never counts.
      if (!this.#destroyed && !this.serverCovered && hasContent(this.doc)) this.#markWaiting(true);
    } catch (error) {
      if (this.#destroyed) return;
      this.#localStoreFailed(error);
    }
    if (this.#remote && !this.#destroyed) {
      this.#connect(options.serverUrl ?? defaultSyncUrl(), options.params ?? {});
    }
  }

  async #openLocal(timeoutMs: number): Promise<void> {
    const persistence = new IndexeddbPersistence(DB_PREFIX + this.name, this.doc);
    this.#persistence = persistence;
    // y-indexeddb has no error event: a failed open rejects a promise it never handles (and
    // `whenSynced` never settles). Catch it here, and keep that one rejection from being reported
    // as unhandled, which some browsers (iOS Safari) treat badly.
    let openError: unknown = Symbol('none');
    const opened = persistence._db.then(
      (db) => db,
      (error: unknown) => {
        openError = error;
        throw error;
      },
    );
    this.#listen(window, 'unhandledrejection', (event) => {
      if ((event as PromiseRejectionEvent).reason === openError) event.preventDefault();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), timeoutMs);
    });
    try {
      await Promise.race([opened.then(() => persistence.whenSynced), timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (this.#destroyed) return;
    const db = persistence.db;
    if (!db) throw new Error('IndexedDB closed while opening');
    this.#watchDatabase(db);
    if (persistence._dbsize > COMPACT_ABOVE_ROWS) {
      // A failed compaction loses nothing (the rows stay); the write error listener reports it.
      await storeState(persistence, true).catch(() => undefined);
    }
  }

  #localStoreFailed(error: unknown): void {
    this.localStore = 'failed';
    this.localStoreError = describeError(error);
    this.savedLocally = false;
    const persistence = this.#persistence;
    this.#persistence = null;
    // Detaches it from the doc; its close waits on an open that may never finish, so don't await.
    persistence?.destroy().catch(() => undefined);
  }

  /** Request errors and aborts bubble to the database: the only signal y-indexeddb's writes give. */
  #watchDatabase(db: IDBDatabase): void {
    const onWriteError = (event: Event) => {
      this.#writeFailed = true;
      this.savedLocally = false;
      const source = event.target as IDBRequest | IDBTransaction | null;
      this.localStoreError = describeError(source?.error ?? 'write failed');
    };
    this.#listen(db, 'error', onWriteError);
    this.#listen(db, 'abort', onWriteError);
    // Fired when the browser closes the connection abnormally (Safari: "server lost").
    this.#listen(db, 'close', () => this.#localStoreFailed('IndexedDB connection lost'));
  }

  #onUpdate(update: Uint8Array, origin: unknown): void {
    if (this.#applyingFromServer && origin === this.#provider) this.#serverHas(update);
    this.#recomputeCoverage();
    const persistence = this.#persistence;
    if (this.localStore !== 'ready' || !persistence || origin === persistence) return;
    if (origin !== this.#provider) {
      this.#madeLocalChange = true;
      if (!this.serverCovered) this.#markWaiting(true);
    }
    this.savedLocally = false;
    if (this.#writeFailed) {
      // An earlier write was lost; store the whole state again rather than only this update.
      this.#writeFailed = false;
      this.localStoreError = null;
      storeState(persistence, true).then(
        () => this.#scheduleFlushCheck(),
        (error: unknown) => this.#localStoreFailed(error),
      );
      return;
    }
    this.#scheduleFlushCheck();
  }

  /**
   * y-indexeddb writes each update in its own readwrite transaction, synchronously in the doc's
   * update handler, and never says when it is done. Readwrite transactions on one store complete
   * in the order they were created, so an empty one created afterwards completes after the write.
   */
  #scheduleFlushCheck(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      const db = this.#persistence?.db;
      if (!db || this.#destroyed) return;
      const generation = ++this.#flushGeneration;
      let tx: IDBTransaction;
      try {
        tx = db.transaction([UPDATES_STORE], 'readwrite');
      } catch (error) {
        this.#localStoreFailed(error);
        return;
      }
      tx.oncomplete = () => {
        if (generation !== this.#flushGeneration || this.#writeFailed || this.#destroyed) return;
        this.savedLocally = true;
        if (this.#madeLocalChange) void requestPersistentStorage();
      };
    });
  }

  #connect(serverUrl: string, params: Record<string, string>): void {
    const provider = new WebsocketProvider(serverUrl, this.name, this.doc, {
      connect: false,
      awareness: this.awareness,
      params: { ...params, [SAVED_ACKS_PARAM]: '1' },
      shouldReconnect: ({ code }) => reconnectsAfter(code),
    });
    this.#provider = provider;
    // Branchbook's acknowledgement: the state vector the server has committed to storage.
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      this.#serverVector = mergeVectors(this.#serverVector, decodeSavedMessage(decoder));
      this.#rememberServerVector();
      this.#recomputeCoverage();
    };
    // What the server sends us it has stored (it stores before it relays, and loads before it
    // serves), so it counts as on the server too — otherwise a device that only receives would
    // wait for an acknowledgement that never comes. The same handler also applies messages from
    // this device's other tabs (BroadcastChannel), which prove nothing about the server;
    // y-websocket tells them apart by `emitSynced`, true only for the socket.
    const applySync = provider.messageHandlers[MESSAGE_SYNC];
    if (applySync) {
      provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, from, emitSynced, type) => {
        this.#applyingFromServer = emitSynced;
        try {
          applySync(encoder, decoder, from, emitSynced, type);
        } finally {
          this.#applyingFromServer = false;
        }
      };
    }
    provider.on('status', ({ status }) => {
      if (status === 'connected') {
        // Coverage is the server's to confirm afresh on every connection.
        this.#serverVector = null;
        this.#recomputeCoverage();
        this.connection = 'connected';
        this.#onconnected?.();
      }
      // Retries after a failure stay `down` until one succeeds (see ConnectionPhase).
      else if (status === 'connecting' && this.connection !== 'down')
        this.connection = 'connecting';
    });
    provider.on('connection-close', () => (this.connection = 'down'));
    provider.on('sync', (synced: boolean) => {
      if (synced) this.receivedServerState = true;
    });
    provider.on('closed', ({ code }) => {
      this.refusedWith = code;
      // No access (any more): these changes will never go to the server; its screen says why.
      // Other refusals (a revoked token, an outdated app) end when the member acts: still waiting.
      if (code === CLOSE.forbidden) this.#markWaiting(false);
      this.#onrefused?.(code);
    });
    // Presence is for people on the page now; leaving (or being frozen in bfcache) ends it.
    this.#listen(window, 'pagehide', () => provider.awareness.setLocalState(null));
    this.connection = 'connecting';
    // Offline: only this device's other tabs; the socket opens on the `online` event.
    if (this.online) provider.connect();
    else provider.connectBc();
  }

  /**
   * What the server last confirmed, kept with the device copy: after a reload without network the
   * indicator can then say "offline" when nothing is waiting, and "waiting" only when something
   * is. Used until the socket connects; from then on only the server's fresh answers count (it may
   * have been restored from a backup meanwhile).
   */
  async #recallServerVector(): Promise<void> {
    const saved: unknown = await this.#persistence?.get(SERVER_VECTOR_KEY).catch(() => undefined);
    if (this.#serverVector !== null || typeof saved !== 'string') return;
    try {
      // A private value, replaced whole (never mutated in place): no reactivity needed.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.#serverVector = new Map(JSON.parse(saved) as [number, number][]);
      this.#recomputeCoverage();
    } catch {
      // A damaged note only costs the hint.
    }
  }

  /**
   * Written at once (coalesced per task), not on a timer: a reload or a tab switch right after
   * "synced" must find it, or the next offline start would claim changes are waiting.
   */
  #rememberServerVector(): void {
    if (this.#rememberQueued) return;
    this.#rememberQueued = true;
    queueMicrotask(() => {
      this.#rememberQueued = false;
      const vector = this.#serverVector;
      if (!vector || this.#destroyed) return;
      this.#persistence?.set(SERVER_VECTOR_KEY, JSON.stringify([...vector])).catch(() => undefined);
    });
  }

  #serverHas(update: Uint8Array): void {
    // `encodeStateVectorFromUpdate` counts only structs that start at clock 0, so it is empty for
    // any later update; the end of each client's range is what the server (which integrates in
    // order) is known to hold.
    this.#serverVector = mergeVectors(this.#serverVector, Y.parseUpdateMeta(update).to);
    this.#rememberServerVector();
  }

  #recomputeCoverage(): void {
    const server = this.#serverVector;
    this.serverCovered =
      server !== null && isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), server);
    if (this.serverCovered) this.#markWaiting(false);
  }

  #markWaiting(waiting: boolean): void {
    if (!this.#destroyed) this.#waiting?.mark(this.name, waiting);
  }

  #listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.#cleanups.push(() => target.removeEventListener(type, listener));
  }
}

function hasContent(doc: Y.Doc): boolean {
  return Y.encodeStateVector(doc).length > 1;
}

function describeError(error: unknown): string {
  if (error instanceof DOMException || error instanceof Error) return error.message || error.name;
  return String(error);
}
