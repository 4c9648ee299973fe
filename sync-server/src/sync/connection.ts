import type { WebSocket } from 'ws';
import { CLOSE } from '@branchbook/protocol';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { DocRoom } from './doc-room.ts';
import { BadMessage, type Peer } from './peer.ts';
import { TokenBucket } from './token-bucket.ts';

let nextPeerId = 1;

export interface ConnectionOptions {
  ws: WebSocket;
  room: DocRoom;
  userId: string | null;
  userName: string | null;
  canWrite: boolean;
  wantsSavedAcks: boolean;
  clientSchema: number;
  messagesPerSecond: number;
  /** Unsent bytes past which the connection is closed with 4508 (it is not reading). */
  maxBufferedBytes: number;
  metrics: Metrics;
  log: Logger;
}

/**
 * Binds one WebSocket to one room: messages are handled strictly in order, one at a time, only
 * after the room has loaded; a bad message or a flood closes this connection and nothing else.
 */
export function attachConnection(options: ConnectionOptions): Peer {
  const { ws, room, metrics, log } = options;
  let closed = false;
  let joined = false;
  let chain: Promise<void> = Promise.resolve();
  // A burst of one second's worth, refilled continuously.
  const budget = new TokenBucket(options.messagesPerSecond, options.messagesPerSecond);

  const peer: Peer = {
    id: nextPeerId++,
    userId: options.userId,
    userName: options.userName,
    canWrite: options.canWrite,
    wantsSavedAcks: options.wantsSavedAcks,
    clientSchema: options.clientSchema,
    send(message) {
      if (closed || ws.readyState !== ws.OPEN) return;
      // Backpressure: a peer that stops reading must not make the server queue without bound.
      if (ws.bufferedAmount + message.byteLength > options.maxBufferedBytes) {
        log.info(
          { doc: room.name, peer: peer.id, buffered: ws.bufferedAmount },
          'closing a connection that does not read',
        );
        peer.close(CLOSE.slowReader, 'not reading');
        // The close frame waits behind the unread bytes; free them soon whatever the peer does.
        setTimeout(() => ws.terminate(), 1000).unref();
        return;
      }
      ws.send(message, { binary: true });
    },
    close(code, reason) {
      if (closed) return;
      closed = true;
      metrics.closedConnections.inc({ code: String(code) });
      ws.close(code, reason);
      if (joined) room.leave(peer);
    },
  };

  ws.on('message', (data, isBinary) => {
    if (closed) return;
    if (!isBinary) {
      peer.close(CLOSE.badRequest, 'binary messages only');
      return;
    }
    if (!budget.take()) {
      peer.close(CLOSE.rateLimited, 'too many messages');
      return;
    }
    const message = toUint8Array(data);
    chain = chain
      .then(() => (closed ? undefined : room.receive(peer, message)))
      .catch((error: unknown) => {
        if (error instanceof BadMessage) {
          log.info(
            { doc: room.name, peer: peer.id, reason: error.message },
            'closing on a malformed message',
          );
          peer.close(CLOSE.badRequest, 'malformed message');
        } else {
          log.error(
            { doc: room.name, peer: peer.id, err: (error as Error).message },
            'message handling failed',
          );
          peer.close(CLOSE.storageUnavailable, 'server error');
        }
      });
  });

  ws.on('close', () => {
    if (!closed) {
      closed = true;
      if (joined) room.leave(peer);
    }
    metrics.connections.dec();
  });
  ws.on('error', (error) => {
    // ws reports oversized frames here and then closes with 1009 itself.
    log.info({ doc: room.name, peer: peer.id, err: error.message }, 'websocket error');
  });

  metrics.connections.inc();
  chain = room
    .join(peer)
    .then(() => {
      joined = true;
      if (closed) room.leave(peer);
    })
    .catch((error: unknown) => {
      log.error({ doc: room.name, err: (error as Error).message }, 'could not open document');
      peer.close(CLOSE.storageUnavailable, 'document unavailable');
    });
  return peer;
}

function toUint8Array(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
