import type { DocStore, StoredDoc } from '../../src/storage/doc-store.ts';

/**
 * Branchbook's `DocStore` without durability: the "storage off" row, to see what SQLite costs.
 * It keeps every document's updates on the heap, so they count in the heap after unload.
 */
export class MemoryStore implements DocStore {
  readonly #docs = new Map<string, Uint8Array[]>();

  load(docName: string): Promise<StoredDoc> {
    const updates = [...(this.#docs.get(docName) ?? [])];
    return Promise.resolve({ updates, bytes: sizeOf(updates) });
  }

  append(docName: string, update: Uint8Array): Promise<void> {
    let updates = this.#docs.get(docName);
    if (!updates) this.#docs.set(docName, (updates = []));
    // A copy: the update may be a view into a larger received buffer.
    updates.push(update.slice());
    return Promise.resolve();
  }

  compact(docName: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<StoredDoc> {
    const updates = this.#docs.get(docName) ?? [];
    const kept = updates.length > 1 ? [merge(updates)] : updates;
    this.#docs.set(docName, kept);
    return Promise.resolve({ updates: [...kept], bytes: sizeOf(kept) });
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function sizeOf(updates: Uint8Array[]): number {
  return updates.reduce((sum, update) => sum + update.byteLength, 0);
}
