import type { DocStore } from '../storage/doc-store.ts';
import type { Metrics } from '../metrics.ts';
import type { Logger } from '../log.ts';
import type { Fanout } from '../cluster/fanout.ts';
import type { DocKind } from '@branchbook/model';
import { DocRoom } from './doc-room.ts';

export interface RoomRegistryOptions {
  store: DocStore;
  metrics: Metrics;
  log: Logger;
  maxDocBytes: number;
  compactThreshold: number;
  idleUnloadMs: number;
  fanout: Fanout;
  /** The newest schema per document kind this server knows (the model's SCHEMA_VERSION). */
  schemaVersions?: Readonly<Record<DocKind, number>>;
}

/**
 * Loaded documents by name. A room with no peers is unloaded after `idleUnloadMs`, once all its
 * updates are stored; a peer arriving after that gets a fresh room loaded from storage.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, DocRoom>();
  readonly #unloadTimers = new Map<DocRoom, NodeJS.Timeout>();
  readonly #options: RoomRegistryOptions;

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** The room for `name`, loading it if needed; cancels a pending unload. */
  open(name: string): DocRoom {
    let room = this.#rooms.get(name);
    if (room && !room.failed) {
      const timer = this.#unloadTimers.get(room);
      if (timer) {
        clearTimeout(timer);
        this.#unloadTimers.delete(room);
      }
      return room;
    }
    room = new DocRoom({
      name,
      store: this.#options.store,
      metrics: this.#options.metrics,
      log: this.#options.log,
      maxDocBytes: this.#options.maxDocBytes,
      compactThreshold: this.#options.compactThreshold,
      fanout: this.#options.fanout,
      ...(this.#options.schemaVersions ? { schemaVersions: this.#options.schemaVersions } : {}),
      onIdle: (idle) => this.#scheduleUnload(idle),
    });
    this.#rooms.set(name, room);
    this.#options.metrics.loadedDocs.set(this.#rooms.size);
    const loading = room;
    loading.loaded.catch((error: unknown) => {
      this.#options.log.error(
        { doc: name, err: (error as Error).message },
        'loading a document failed',
      );
      this.#remove(loading);
    });
    return room;
  }

  #scheduleUnload(room: DocRoom): void {
    if (room.failed) {
      this.#remove(room);
      return;
    }
    if (this.#unloadTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      void this.#unload(room);
    }, this.#options.idleUnloadMs);
    timer.unref();
    this.#unloadTimers.set(room, timer);
  }

  async #unload(room: DocRoom): Promise<void> {
    await room.whenPersisted();
    // A peer may have joined while we waited; `open` cancelled nothing since the timer had fired.
    if (room.peerCount > 0 || this.#unloadTimers.has(room)) return;
    this.#remove(room);
  }

  #remove(room: DocRoom): void {
    const timer = this.#unloadTimers.get(room);
    if (timer) clearTimeout(timer);
    this.#unloadTimers.delete(room);
    if (this.#rooms.get(room.name) === room) this.#rooms.delete(room.name);
    this.#options.metrics.loadedDocs.set(this.#rooms.size);
    room.destroy();
  }

  /** Waits until every loaded room has stored all it holds (graceful shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.#rooms.values()].map((room) => room.whenPersisted()));
  }

  closeAll(): void {
    for (const room of [...this.#rooms.values()]) this.#remove(room);
  }
}
