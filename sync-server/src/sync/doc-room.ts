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
import { readMeta } from '@branchbook/model';
import type { DocStore } from '../storage/doc-store.ts';
import type { Metrics } from '../metrics.ts';
import type { Logger } from '../log.ts';
import type { Fanout, RoomLink } from '../cluster/fanout.ts';
import { BadMessage, type Peer } from './peer.ts';

const FROM_STORAGE = Symbol('storage');
/** Stored by another process (or re-read from storage): relay it, never store it again. */
const FROM_REMOTE = Symbol('remote');

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
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly loaded: Promise<void>;
  readonly #peers = new Map<Peer, Set<number>>();
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
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
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
      const local = [...this.#peers.values()].flatMap((clients) => [...clients]);
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
    this.#peers.set(peer, new Set());
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
    const clients = this.#peers.get(peer);
    if (!clients) return;
    this.#peers.delete(peer);
    this.#needAck.delete(peer);
    if (clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], null);
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
          await this.whenPersisted();
          if (!this.#peers.has(peer)) return;
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
          peer.send(encoding.toUint8Array(encoder));
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
        const update = decoding.readVarUint8Array(decoder);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
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

  #write(peer: Peer, update: Uint8Array): void {
    const tooOld = peer.clientSchema < readMeta(this.doc).minWriterVersion;
    if (!peer.canWrite || tooOld) {
      if (update.byteLength > EMPTY_UPDATE_LENGTH) {
        this.#options.metrics.droppedReadOnlyWrites.inc({
          reason: tooOld && peer.canWrite ? 'client-too-old' : 'read-only',
        });
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
    this.#requestAck(peer);
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
          for (const { update, origin } of batch) this.#relay(update, origin);
          this.#options.fanout.publishUpdate(this.name, merged);
        }
        if (this.#needAck.size > 0) {
          const saved = encodeSavedMessage(Y.encodeStateVector(this.doc));
          for (const peer of this.#needAck) peer.send(saved);
          this.#needAck.clear();
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
    const clients = this.#peers.get(origin as Peer);
    if (clients) {
      for (const id of added) clients.add(id);
      for (const id of removed) clients.delete(id);
    }
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
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients),
    );
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
