/** One client connection as a document room sees it; the WebSocket details stay in `connection.ts`. */
export interface Peer {
  /** For logs only; never the token. */
  readonly id: number;
  readonly userId: string | null;
  /** The user's name from the server's records: what this peer's presence shows (never its own claim). */
  readonly userName: string | null;
  /**
   * Read-only peers receive the doc and awareness; their document writes are dropped and counted.
   * Changes while the connection is open when the records change (a demotion).
   */
  canWrite: boolean;
  /**
   * The schema version the client declares with `?schema=<n>` (1 when it declares none). Below a
   * document's `meta.minWriterVersion` its writes are dropped: an old editor schema would delete
   * content it does not understand, for everyone.
   */
  readonly clientSchema: number;
  /** Asked with `?saved=1` for MESSAGE_SAVED acknowledgements. */
  readonly wantsSavedAcks: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** A message the server cannot parse; closes only the connection that sent it (4400). */
export class BadMessage extends Error {
  override name = 'BadMessage';
}
