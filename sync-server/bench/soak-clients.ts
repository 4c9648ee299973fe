/**
 * The soak's clients: writers that count what the server acknowledged, senders of malformed
 * frames, readers that stop reading, and the fresh client that reads a document back at the end.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import {
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SAVED_ACKS_PARAM,
  decodeSavedMessage,
} from '@branchbook/protocol';

// y-websocket adds a process 'exit' listener per provider.
process.setMaxListeners(0);

export const ITEMS = 'items';

function socketUrl(baseUrl: string, docName: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `${baseUrl.replace(/^http/, 'ws')}/sync/${encodeURIComponent(docName)}?${query}`;
}

/** Close codes seen, counted. */
export class Tally {
  readonly counts = new Map<string, number>();

  add(key: string | number, n = 1): void {
    const k = String(key);
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }

  addAll(other: Map<string, number>): void {
    for (const [k, n] of other) this.add(k, n);
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  toString(): string {
    if (this.counts.size === 0) return '-';
    return [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}×${n}`)
      .join(' ');
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/**
 * A stock y-websocket client that appends `"<id>:<n>"` to the document's `items` array at a steady
 * rate, asks for acknowledgements (`?saved=1`) and counts an item acknowledged once a
 * MESSAGE_SAVED state vector covers its own clock after that item. It keeps its document across
 * disconnections; the provider reconnects by itself and its sync handshake re-sends whatever the
 * server lacks.
 */
export class Writer {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Per item, in order: the Yjs client and clock the server must cover to have stored it. */
  readonly #items: { client: number; clock: number }[] = [];
  #acked = 0;
  #timer: NodeJS.Timeout | undefined;
  #allAcked: (() => void)[] = [];
  /** Connections the provider opened (the first included). */
  connections = 0;
  readonly closes = new Tally();

  constructor(
    readonly id: string,
    baseUrl: string,
    readonly docName: string,
    token: string,
  ) {
    this.provider = new WebsocketProvider(
      `${baseUrl.replace(/^http/, 'ws')}/sync`,
      docName,
      this.doc,
      {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: { token, [SAVED_ACKS_PARAM]: '1' },
        disableBc: true,
        // Restarts take about a second; do not let the backoff outgrow the kill interval.
        maxBackoffTime: 500,
      },
    );
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) =>
      this.#saved(decodeSavedMessage(decoder));
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.connections++;
    });
    this.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) this.closes.add(event.code);
    });
  }

  get sent(): number {
    return this.#items.length;
  }

  get acked(): number {
    return this.#acked;
  }

  /** The items acknowledged so far, by name. */
  ackedNames(upTo = this.#acked): string[] {
    return Array.from({ length: upTo }, (_, n) => `${this.id}:${n}`);
  }

  start(ratePerSecond: number): void {
    const append = () => {
      const n = this.#items.length;
      this.doc.getArray<string>(ITEMS).push([`${this.id}:${n}`]);
      const client = this.doc.clientID;
      this.#items.push({ client, clock: Y.getState(this.doc.store, client) });
    };
    // A random phase, so the writers do not all send in the same millisecond.
    this.#timer = setTimeout(
      () => {
        append();
        this.#timer = setInterval(append, 1000 / ratePerSecond);
      },
      Math.random() * (1000 / ratePerSecond),
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
  }

  /** Resolves true once every item sent is acknowledged, false after `timeoutMs`. */
  whenAllAcked(timeoutMs: number): Promise<boolean> {
    if (this.#acked === this.#items.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#allAcked.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  destroy(): void {
    this.stop();
    this.provider.destroy();
  }

  #saved(server: Map<number, number>): void {
    while (this.#acked < this.#items.length) {
      const item = this.#items[this.#acked] as { client: number; clock: number };
      if ((server.get(item.client) ?? 0) < item.clock) break;
      this.#acked++;
    }
    if (this.#acked === this.#items.length) for (const wake of this.#allAcked.splice(0)) wake();
  }
}

/** Ways to send a frame the server must refuse, and the close code it must refuse it with. */
export const MALFORMED_KINDS = {
  /** A sync update whose payload is random bytes. */
  garbage: 4400,
  /** A real update message cut off halfway. */
  truncated: 4400,
  /** A message type the protocol does not have. */
  'unknown-type': 4400,
  /** A text frame: the protocol is binary only. */
  text: 4400,
  /** Larger than MAX_MESSAGE_BYTES. */
  oversized: 1009,
} as const;
export type MalformedKind = keyof typeof MALFORMED_KINDS;

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function malformedFrame(kind: MalformedKind, maxMessageBytes: number): Uint8Array | string {
  switch (kind) {
    case 'garbage':
      // A struct count no update can hold, then noise.
      return syncUpdateMessage(Uint8Array.from([255, 255, 255, 255, 1, ...randomBytes(64)]));
    case 'truncated': {
      const doc = new Y.Doc();
      doc.getArray<string>(ITEMS).push([`truncated:${randomBytes(8).toString('hex')}`]);
      const whole = syncUpdateMessage(Y.encodeStateAsUpdate(doc));
      return whole.slice(0, Math.ceil(whole.length / 2));
    }
    case 'unknown-type':
      return Uint8Array.from([42, ...randomBytes(16)]);
    case 'text':
      return 'not a y-websocket message';
    case 'oversized':
      return new Uint8Array(maxMessageBytes + 1024);
  }
}

/**
 * Opens a signed-in socket, sends one malformed frame once it is open and resolves with the close
 * code the server answered with (1006 when the connection dropped without one, e.g. a kill).
 */
export function sendMalformed(
  baseUrl: string,
  docName: string,
  token: string,
  kind: MalformedKind,
  maxMessageBytes: number,
): { socket: WebSocket; closed: Promise<number> } {
  const socket = new WebSocket(socketUrl(baseUrl, docName, { token }));
  const closed = new Promise<number>((resolve) => {
    socket.on('open', () => socket.send(malformedFrame(kind, maxMessageBytes)));
    socket.on('close', (code) => resolve(code));
    // A reset while the oversized frame is still going out; 'close' follows.
    socket.on('error', () => {});
  });
  return { socket, closed };
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
const WHOLE_DOC_REQUEST = Uint8Array.from([MESSAGE_SYNC, syncProtocol.messageYjsSyncStep1, 1, 0]);

/**
 * A signed-in reader of the big document that stops reading its socket once open and keeps asking
 * for the whole document, within the sync-request rate limit (a burst, then a steady trickle).
 * While paused it cannot see the server close it; `finish` reads on and reports how it ended.
 */
export class SlowReader {
  readonly socket: WebSocket;
  requests = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #closed: Promise<number>;

  constructor(
    baseUrl: string,
    docName: string,
    token: string,
    pace: { burst: number; burstIntervalMs: number; steadyIntervalMs: number },
  ) {
    this.socket = new WebSocket(socketUrl(baseUrl, docName, { token }));
    this.#closed = new Promise((resolve) => this.socket.on('close', (code) => resolve(code)));
    this.socket.on('error', () => {});
    this.socket.on('open', () => {
      (this.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const ask = () => {
        if (this.socket.readyState !== WebSocket.OPEN) return;
        this.socket.send(WHOLE_DOC_REQUEST);
        this.requests++;
        this.#timer = setTimeout(
          ask,
          this.requests < pace.burst ? pace.burstIntervalMs : pace.steadyIntervalMs,
        );
      };
      ask();
    });
  }

  /** Stops asking, reads again and resolves with the close code once the connection has ended. */
  async finish(timeoutMs: number): Promise<number | 'timeout'> {
    clearTimeout(this.#timer);
    (this.socket as unknown as { _socket?: { resume(): void } })._socket?.resume();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.#closed, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') this.socket.terminate();
    return result;
  }
}

/** A fresh stock client's view of a document's items, once it has synced. */
export async function readBack(
  baseUrl: string,
  docName: string,
  token: string,
  timeoutMs: number,
): Promise<string[]> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/sync`, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${docName} back: not synced in ${timeoutMs} ms`)),
        timeoutMs,
      );
      provider.on('sync', (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      });
    });
    return doc.getArray<string>(ITEMS).toArray();
  } finally {
    provider.destroy();
  }
}

/** The items of a document as stored, read from storage directly (the server may be dead). */
export function itemsOf(updates: Uint8Array[]): string[] {
  const doc = new Y.Doc();
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc.getArray<string>(ITEMS).toArray();
}

/** About `bytes` of document: an array of 1 KiB strings, as one update. */
export function bigDocUpdate(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  const blob = doc.getArray<string>('blob');
  for (let i = 0; i < Math.ceil(bytes / 1024); i++)
    blob.push([randomBytes(768).toString('base64')]);
  return Y.encodeStateAsUpdate(doc);
}
