/**
 * Where documents live between processes and restarts. Every implementation passes the same
 * conformance suite (`doc-store.conformance.ts`). Updates are stored as the raw Yjs update bytes
 * a client sent (after the server applied them), one row each, and merged by `compact`.
 */
export interface DocStore {
  /** Every stored update of a document, in append order; empty for a new document. */
  load(docName: string): Promise<StoredDoc>;
  /** Commits one update durably; resolves only once a crash can no longer lose it. */
  append(docName: string, update: Uint8Array): Promise<void>;
  /**
   * Replaces the rows up to the newest one present now with their merge, atomically: an update
   * appended concurrently is never lost. Returns the rows left for the document.
   */
  compact(docName: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<StoredDoc>;
  /**
   * Writes the one row of the `health` table (for `/healthz`): throws when storage cannot take a
   * write — unreachable, read-only, full or damaged — with the driver's error, whose code
   * `classifyStorageError` reads.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredDoc {
  updates: Uint8Array[];
  /** Sum of the stored rows' sizes, for the per-document size limit and metrics. */
  bytes: number;
}
