import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  encodeSavedMessage,
} from '@branchbook/protocol';
import {
  SCHEMA_VERSION,
  docOptionsFor,
  parseDocName,
  readMeta,
  type DocKind,
} from '@branchbook/model';
import type { DocStore } from '../storage/doc-store.ts';
import type { Metrics } from '../metrics.ts';
import type { Logger } from '../log.ts';
import type { Fanout, RoomLink } from '../cluster/fanout.ts';
import { BadMessage, type Peer } from './peer.ts';
import { TokenBucket } from './token-bucket.ts';
import {
  MAX_CLIENTS_PER_CONNECTION,
  MAX_STATES_PER_DOC,
  decodePresence,
  encodePresence,
  stampIdentity,
  userIdOf,
  type PresenceEntry,
} from './presence-guard.ts';

const FROM_STORAGE = Symbol('storage');
/** Stored by another process (or re-read from storage): relay it, never store it again. */
const FROM_REMOTE = Symbol('remote');
/**
 * An update that left structs waiting for missing dependencies: stored as received so they
 * survive a restart (Yjs keeps them only in memory until the dependency arrives), never relayed
 * (peers get the pending part with the document state, the rest was relayed when integrated).
 */
const STORE_ONLY = Symbol('store-only');

/** Sync step 1 answers one connection may ask for: a burst, then this many per second. */
const SYNC_REQUEST_BURST = 30;
const SYNC_REQUESTS_PER_SECOND = 2;
/** Answers kept per document version (one per distinct state vector asked with). */
const SYNC_ANSWER_CACHE_SIZE = 16;

/** What the room keeps of each joined peer. */
interface PeerState {
  /** Presence client ids this connection introduced: the only ones it may change or remove. */
  clients: Set<number>;
  /** Budget of sync step 1 requests (each asks for a document state to be encoded). */
  syncRequests: TokenBucket;
}

/** An empty Yjs update (no structs, empty delete set): what a client with nothing new sends as step 2. */
const EMPTY_UPDATE_LENGTH = 2;

export interface DocRoomOptions {
  name: string;
  store: DocStore;
  metrics: Metrics;
  log: Logger;
  maxDocBytes: number;
  compactThreshold: number;
  /** Other server processes; `localOnly` for one process. */
  fanout: Fanout;
  /** The newest schema per kind this server knows; the model's SCHEMA_VERSION by default. */
  schemaVersions?: Readonly<Record<DocKind, number>>;
  /** Called when the last peer leaves, or when the room can no longer serve (storage failed). */
  onIdle: (room: DocRoom) => void;
}

/**
 * One loaded document and the peers editing it. Its two promises to clients:
 * - nobody is sent any document state before the stored state has been loaded (the reference
 *   server's empty-doc race, y-websocket#81), and
 * - an update is committed to storage before it is relayed to anyone, and before any state that
 *   contains it is sent to a newly joining peer, so a crash loses nothing a client has seen.
 */
export class DocRoom {
  readonly name: string;
  /**
   * Built with its kind's options (`DOC_KIND_SPECS`): a lesson's room keeps deleted content, or a
   * device joining later would get collected structs and could not show what changed since a
   * named version. Loaded from storage into a doc built the same way.
   */
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly loaded: Promise<void>;
  readonly #peers = new Map<Peer, PeerState>();
  /** Which local connection introduced each presence client id. */
  readonly #owners = new Map<number, Peer>();
  /** The newest schema of this kind the server knows; Infinity for names of no known kind. */
  readonly #knownSchema: number;
  /** Bumped on every change of the document, so cached sync answers go stale. */
  #version = 0;
  #answerVersion = -1;
  readonly #answers = new Map<string, Uint8Array>();
  readonly #options: DocRoomOptions;
  #pending: { update: Uint8Array; origin: unknown }[] = [];
  #flushing: Promise<void> | null = null;
  #needAck = new Set<Peer>();
  #storedBytes = 0;
  #storedRows = 0;
  #compacting = false;
  #failed = false;
  #destroyed = false;
  #joining = 0;

  constructor(options: DocRoomOptions) {
    this.#options = options;
    this.name = options.name;
    this.doc = new Y.Doc(docOptionsFor(options.name));
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    const parsed = parseDocName(options.name);
    const known = options.schemaVersions ?? SCHEMA_VERSION;
    this.#knownSchema = parsed.ok ? known[parsed.value.kind] : Number.POSITIVE_INFINITY;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.#version++;
      if (origin === FROM_STORAGE) return;
      if (origin === FROM_REMOTE) {
        this.#relay(update, origin);
        return;
      }
      this.#pending.push({ update, origin });
      this.#startFlush();
    });
    this.awareness.on('update', this.#onAwareness);
    this.loaded = this.#load();
  }

  /** Peers joined or joining: a room with any is not unloaded. */
  get peerCount(): number {
    return this.#peers.size + this.#joining;
  }

  get storedBytes(): number {
    return this.#storedBytes;
  }

  readonly #link: RoomLink = {
    onUpdate: (update) => Y.applyUpdate(this.doc, update, FROM_REMOTE),
    onAwareness: (update) =>
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_REMOTE),
    onAwarenessQuery: () => {
      const local = [...this.#owners.keys()];
      if (local.length > 0) {
        this.#options.fanout.publishAwareness(
          this.name,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, local),
        );
      }
    },
    resync: async () => {
      const stored = await this.#options.store.load(this.name);
      if (!this.#destroyed && stored.updates.length > 0) {
        Y.applyUpdate(this.doc, Y.mergeUpdates(stored.updates), FROM_REMOTE);
      }
    },
  };

  async #load(): Promise<void> {
    // Subscribe first: an update another process stores after our read still reaches us.
    await this.#options.fanout.join(this.name, this.#link);
    const stored = await this.#options.store.load(this.name);
    if (stored.updates.length > 0) {
      Y.applyUpdate(this.doc, Y.mergeUpdates(stored.updates), FROM_STORAGE);
    }
    this.#storedBytes = stored.bytes;
    this.#storedRows = stored.updates.length;
  }

  /** Adds a peer once the document is loaded, and starts the sync handshake. */
  async join(peer: Peer): Promise<void> {
    this.#joining++;
    try {
      await this.loaded;
    } finally {
      this.#joining--;
    }
    if (this.#destroyed) throw new Error('room unloaded while joining');
    if (this.#peers.size === 0) this.#options.fanout.queryAwareness(this.name);
    this.#peers.set(peer, {
      clients: new Set(),
      syncRequests: new TokenBucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUEST_BURST),
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    peer.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      peer.send(this.#awarenessMessage([...states.keys()]));
    }
  }

  leave(peer: Peer): void {
    const state = this.#peers.get(peer);
    if (!state) return;
    this.#peers.delete(peer);
    this.#needAck.delete(peer);
    const clients = [...state.clients];
    for (const id of clients) this.#owners.delete(id);
    if (clients.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, clients, null);
    }
    if (this.#peers.size === 0) this.#options.onIdle(this);
  }

  /** Handles one binary message of the y-websocket protocol from a joined peer. */
  async receive(peer: Peer, message: Uint8Array): Promise<void> {
    if (this.#failed || !this.#peers.has(peer)) return;
    try {
      await this.#dispatch(peer, decoding.createDecoder(message));
    } catch (error) {
      if (error instanceof BadMessage) throw error;
      throw new BadMessage(error instanceof Error ? error.message : String(error));
    }
  }

  async #dispatch(peer: Peer, decoder: decoding.Decoder): Promise<void> {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const stateVector = decoding.readVarUint8Array(decoder);
          // Validate before waiting, so a malformed vector is refused at once.
          Y.decodeStateVector(stateVector);
          if (!this.#peers.get(peer)?.syncRequests.take()) {
            peer.close(CLOSE.rateLimited, 'too many sync requests');
            return;
          }
          await this.whenPersisted();
          if (!this.#peers.has(peer)) return;
          peer.send(this.#syncAnswer(stateVector));
          return;
        }
        if (
          syncType === syncProtocol.messageYjsSyncStep2 ||
          syncType === syncProtocol.messageYjsUpdate
        ) {
          this.#write(peer, decoding.readVarUint8Array(decoder));
          return;
        }
        throw new BadMessage(`unknown sync message type ${syncType}`);
      }
      case MESSAGE_AWARENESS: {
        this.#receivePresence(peer, decoding.readVarUint8Array(decoder));
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        peer.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      case MESSAGE_AUTH:
        return;
      default:
        throw new BadMessage(`unknown message type ${type}`);
    }
  }

  /**
   * The schema gate. Both sides are capped at the newest schema this server knows: a peer cannot
   * lock everyone out by raising the document's `minWriterVersion` past any shipped app, nor pass
   * the gate by declaring a version that does not exist.
   */
  #tooOld(peer: Peer): boolean {
    const required = Math.min(readMeta(this.doc).minWriterVersion, this.#knownSchema);
    return Math.min(peer.clientSchema, this.#knownSchema) < required;
  }

  #write(peer: Peer, update: Uint8Array): void {
    const tooOld = peer.canWrite && this.#tooOld(peer);
    if (!peer.canWrite || tooOld) {
      if (update.byteLength > EMPTY_UPDATE_LENGTH) {
        this.#options.metrics.droppedReadOnlyWrites.inc({
          reason: tooOld ? 'client-too-old' : 'read-only',
        });
        if (tooOld) {
          // Not a silent drop: the app says 请更新应用 and reopens read-only.
          peer.close(CLOSE.clientTooOld, 'update the app to edit this document');
          return;
        }
      }
      // Still acknowledge: a reader learns the server's state and shows "synced" only when it
      // holds nothing the server lacks.
      this.#requestAck(peer);
      return;
    }
    if (this.#storedBytes + update.byteLength > this.#options.maxDocBytes) {
      peer.close(CLOSE.docTooLarge, 'document too large');
      return;
    }
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      throw new BadMessage(`malformed update: ${(error as Error).message}`);
    }
    const { pendingStructs, pendingDs } = this.doc.store;
    if (pendingStructs !== null || pendingDs !== null) {
      // Structs left pending fire no 'update' event, yet they change the encoded state.
      this.#version++;
      this.#pending.push({ update, origin: STORE_ONLY });
      this.#startFlush();
    }
    this.#requestAck(peer);
  }

  /**
   * Sync step 2 for a state vector, encoded at most once per document version and vector: a
   * peer asking again and again for the whole document costs one encoding, not one per request.
   */
  #syncAnswer(stateVector: Uint8Array): Uint8Array {
    if (this.#answerVersion !== this.#version) {
      this.#answers.clear();
      this.#answerVersion = this.#version;
    }
    const key = stateVector.byteLength <= 1024 ? Buffer.from(stateVector).toString('base64') : null;
    const cached = key === null ? undefined : this.#answers.get(key);
    if (cached) return cached;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const answer = encoding.toUint8Array(encoder);
    this.#options.metrics.syncAnswersEncoded.inc();
    if (key !== null && this.#answers.size < SYNC_ANSWER_CACHE_SIZE) this.#answers.set(key, answer);
    return answer;
  }

  /**
   * Applies the entries of a peer's presence update that are its own: client ids it introduced
   * (or introduces now, within the bounds), with the user's identity from the server's records.
   * Entries for other connections' clients are dropped — except a client id held by another
   * connection of the same user, which moves over (a reconnect whose old socket lingers).
   *
   * A client that reconnects re-sends its state at the clock it had, but the server bumped that
   * client's clock when it removed the state on the old socket's close, so the state would be
   * ignored — here and by everyone who saw the removal — until the client's next renewal, 15 s
   * later (yjs/y-websocket#122). The server answers such a state with a removal of it at the
   * clock it holds; a y-protocols client that still has its state then re-announces it one clock
   * higher, which everyone accepts.
   */
  #receivePresence(peer: Peer, update: Uint8Array): void {
    const state = this.#peers.get(peer);
    if (!state) return;
    const states = this.awareness.getStates();
    const accepted: PresenceEntry[] = [];
    const removed: number[] = [];
    const stale: PresenceEntry[] = [];
    for (const entry of decodePresence(update)) {
      const { clientId } = entry;
      const owner = this.#owners.get(clientId);
      if (owner !== peer) {
        const identified = peer.userId !== null;
        if (owner !== undefined) {
          if (!identified || owner.userId !== peer.userId) continue;
        } else if (states.has(clientId)) {
          // Another process's client (its state was stamped there): only its user may take it.
          if (!identified || userIdOf(states.get(clientId)) !== peer.userId) continue;
        }
        if (entry.state === null) continue;
        if (state.clients.size >= MAX_CLIENTS_PER_CONNECTION) continue;
        if (!states.has(clientId) && states.size + accepted.length >= MAX_STATES_PER_DOC) continue;
        if (owner) this.#peers.get(owner)?.clients.delete(clientId);
        state.clients.add(clientId);
        this.#owners.set(clientId, peer);
      }
      const known = this.awareness.meta.get(clientId)?.clock;
      if (
        entry.state !== null &&
        !states.has(clientId) &&
        known !== undefined &&
        known >= entry.clock
      ) {
        stale.push({ clientId, clock: known, state: null });
      } else if (entry.state === null) {
        removed.push(clientId);
        accepted.push(entry);
      } else if (peer.userId !== null) {
        accepted.push({
          ...entry,
          state: stampIdentity(entry.state, { userId: peer.userId, name: peer.userName ?? '' }),
        });
      } else {
        accepted.push(entry);
      }
    }
    if (stale.length > 0) peer.send(this.#presenceMessage(encodePresence(stale)));
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodePresence(accepted), peer);
    for (const id of removed) {
      state.clients.delete(id);
      this.#owners.delete(id);
    }
  }

  /** Queues a MESSAGE_SAVED for the peer, sent once everything applied so far is stored. */
  #requestAck(peer: Peer): void {
    if (!peer.wantsSavedAcks) return;
    this.#needAck.add(peer);
    this.#startFlush();
  }

  /**
   * Starts the flush loop unless it runs. `#flushing` is assigned before the loop can finish —
   * an async function with nothing to await runs to completion synchronously, so clearing the
   * field inside it would happen before the assignment and leave a settled promise there for
   * good (whenPersisted would then spin). Work queued while the loop was ending starts a new one.
   */
  #startFlush(): void {
    if (this.#flushing) return;
    const run: Promise<void> = this.#flush().finally(() => {
      if (this.#flushing !== run) return;
      this.#flushing = null;
      if (!this.#failed && (this.#pending.length > 0 || this.#needAck.size > 0)) this.#startFlush();
    });
    this.#flushing = run;
  }

  /** Resolves once every update applied so far is committed to storage. */
  async whenPersisted(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    const { store, metrics, log } = this.#options;
    try {
      while (this.#pending.length > 0 || this.#needAck.size > 0) {
        const batch = this.#pending.splice(0);
        // What the acknowledgement may claim is fixed now: the document holds what is stored
        // plus this batch. Updates applied while the append awaits (PostgreSQL) go in the next
        // batch, and so do the acknowledgements their senders asked for.
        const acked = [...this.#needAck];
        this.#needAck.clear();
        const savedVector = acked.length > 0 ? Y.encodeStateVector(this.doc) : null;
        if (batch.length > 0) {
          const merged =
            batch.length === 1
              ? (batch[0] as { update: Uint8Array }).update
              : Y.mergeUpdates(batch.map((b) => b.update));
          const end = metrics.persistSeconds.startTimer();
          await store.append(this.name, merged);
          end();
          this.#storedBytes += merged.byteLength;
          this.#storedRows += 1;
          metrics.bytesStored.inc(merged.byteLength);
          metrics.updatesIn.inc(batch.length);
          this.#relayBatch(batch, merged);
          this.#options.fanout.publishUpdate(this.name, merged);
        }
        if (savedVector) {
          const saved = encodeSavedMessage(savedVector);
          for (const peer of acked) if (this.#peers.has(peer)) peer.send(saved);
        }
      }
      if (this.#storedRows > this.#options.compactThreshold) this.#scheduleCompaction();
    } catch (error) {
      // What was applied in memory but not stored must reach nobody: drop the room entirely.
      this.#failed = true;
      log.error({ doc: this.name, err: (error as Error).message }, 'storage append failed');
      for (const peer of [...this.#peers.keys()])
        peer.close(CLOSE.storageUnavailable, 'storage unavailable');
      this.#options.onIdle(this);
    }
  }

  /**
   * Relays a stored batch as one frame per peer rather than one per update: the merged update
   * goes to every peer but the batch's sender when it has one sender. A batch from several
   * senders goes to all of them too, as the reference server sends every update — a sender
   * applies its own changes again as a no-op — because a merge per sender would cost
   * senders × updates. An update that left structs pending is stored but not relayed: the
   * update event of the transaction that later integrates them carries them to the peers.
   */
  #relayBatch(batch: readonly { update: Uint8Array; origin: unknown }[], merged: Uint8Array): void {
    const relayed = batch.filter((b) => b.origin !== STORE_ONLY);
    if (relayed.length === 0) return;
    const origins = new Set(relayed.map((b) => b.origin));
    const update =
      relayed.length === batch.length
        ? merged
        : relayed.length === 1
          ? (relayed[0] as { update: Uint8Array }).update
          : Y.mergeUpdates(relayed.map((b) => b.update));
    this.#relay(update, origins.size === 1 ? relayed[0]?.origin : undefined);
  }

  #relay(update: Uint8Array, origin: unknown): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const peer of this.#peers.keys()) {
      if (peer === origin) continue;
      peer.send(message);
      this.#options.metrics.updatesOut.inc();
    }
  }

  #scheduleCompaction(): void {
    if (this.#compacting) return;
    this.#compacting = true;
    // Off the hot path: after the current I/O callbacks, not inside a client's message.
    setImmediate(() => {
      this.#options.store
        .compact(this.name, (updates) => Y.mergeUpdates(updates))
        .then((stored) => {
          this.#storedRows = stored.updates.length;
          this.#storedBytes = stored.bytes;
        })
        .catch((error: unknown) => {
          this.#options.log.warn(
            { doc: this.name, err: (error as Error).message },
            'compaction failed',
          );
        })
        .finally(() => {
          this.#compacting = false;
        });
    });
  }

  readonly #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = this.#awarenessMessage(changed);
    for (const peer of this.#peers.keys()) peer.send(message);
    if (origin !== FROM_REMOTE && this.#options.fanout.shared) {
      this.#options.fanout.publishAwareness(
        this.name,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      );
    }
  };

  #awarenessMessage(clients: number[]): Uint8Array {
    return this.#presenceMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  #presenceMessage(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  get failed(): boolean {
    return this.#failed;
  }

  get compacting(): boolean {
    return this.#compacting;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#options.fanout.leave(this.name, this.#link);
    this.awareness.off('update', this.#onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
