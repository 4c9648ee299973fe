import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Message types of the stock y-websocket protocol (y-websocket/src/y-websocket.js). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * Branchbook's one addition: after the server has committed a connection's updates to storage it
 * tells that connection its stored state vector, so the app can say "on the server" honestly —
 * the stock protocol has no acknowledgement. Sent only to connections that ask for it with
 * `?saved=1`, so stock clients (which log unknown message types) never see it.
 */
export const MESSAGE_SAVED = 4;
export const SAVED_ACKS_PARAM = 'saved';

/**
 * The client declares the schema version it writes with `?schema=<n>`. The server drops writes
 * from a client below the document's `meta.minWriterVersion` (the client opens it read-only and
 * asks to update), because an older editor schema deletes content it does not know.
 */
export const CLIENT_SCHEMA_PARAM = 'schema';

/** WebSocket close codes the server uses; 4xxx mirror the HTTP status they resemble. */
export const CLOSE = {
  /** The server is restarting (SIGTERM); reconnect soon. */
  restarting: 1012,
  /** A message larger than the configured maximum. */
  tooLarge: 1009,
  /** A malformed message or document name. */
  badRequest: 4400,
  /** No token, or a token that is unknown, revoked or expired. */
  unauthorized: 4401,
  /** A valid user who may not read this document. */
  forbidden: 4403,
  /** The document would grow past its maximum size. */
  docTooLarge: 4413,
  /**
   * The client wrote with a schema older than the document's minWriterVersion (capped at the
   * newest version this server knows): update the app, then reconnect.
   */
  clientTooOld: 4426,
  /** Too many messages or connections; back off. */
  rateLimited: 4429,
  /** Storage is unavailable; the server will not accept what it cannot store. */
  storageUnavailable: 4503,
  /**
   * The connection left more than `MAX_BUFFERED_BYTES` unread: closed so it cannot grow the
   * server's memory. In the 4500 range, so clients reconnect (a slow link may be honest).
   */
  slowReader: 4508,
} as const;
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVED);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Reads the state vector out of a MESSAGE_SAVED payload (after its type has been read). */
export function decodeSavedMessage(decoder: decoding.Decoder): Map<number, number> {
  const sv = decoding.readVarUint8Array(decoder);
  const inner = decoding.createDecoder(sv);
  const count = decoding.readVarUint(inner);
  const result = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(inner);
    const clock = decoding.readVarUint(inner);
    result.set(client, clock);
  }
  return result;
}

/** True when everything in `local` (a decoded state vector) is also in `server`. */
export function isCoveredBy(local: Map<number, number>, server: Map<number, number>): boolean {
  for (const [client, clock] of local) {
    if ((server.get(client) ?? 0) < clock) return false;
  }
  return true;
}
