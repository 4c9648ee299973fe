import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Fanout, RoomLink } from './fanout.ts';

export const KIND_UPDATE = 1;
const KIND_AWARENESS = 2;
const KIND_AWARENESS_QUERY = 3;
const PROCESS_ID_BYTES = 8;

/**
 * Fan-out between processes over Redis pub/sub, one channel per loaded document.
 *
 * Why pub/sub and not streams: Redis holds nothing durable here — PostgreSQL does. Pub/sub costs
 * nothing for documents nobody else has open and keeps no backlog to trim; its one weakness, that
 * a message sent while a subscriber is disconnected is lost, is covered by resynchronising every
 * loaded document from storage whenever the subscription is (re)established. Streams would add
 * retention and consumer bookkeeping to guarantee what storage already guarantees.
 *
 * Message: [kind (1 byte)][sender process id (8 bytes)][payload].
 */
export class RedisFanout implements Fanout {
  readonly #processId = randomBytes(PROCESS_ID_BYTES);
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #links = new Map<string, Set<RoomLink>>();
  readonly #log: Logger;
  readonly shared = true;
  #everReady = false;
  readonly #prefix: string;

  /** `namespace` keeps deployments (or test runs) sharing one Redis apart, e.g. the DB schema. */
  constructor(redisUrl: string, log: Logger, namespace = 'public') {
    this.#log = log;
    this.#prefix = `branchbook:${namespace}:doc:`;
    const options = { maxRetriesPerRequest: null, lazyConnect: false } as const;
    this.#pub = new Redis(redisUrl, options);
    this.#sub = new Redis(redisUrl, options);
    for (const connection of [this.#pub, this.#sub]) {
      connection.on('error', (error: Error) =>
        log.warn({ err: error.message }, 'redis connection error'),
      );
    }
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#receive(channel, message),
    );
    this.#sub.on('ready', () => void this.#onReady());
  }

  /** Resolves once both connections are up, for start-up and tests. */
  async ready(): Promise<void> {
    await Promise.all([
      this.#pub.ping(),
      this.#sub.status === 'ready' ? undefined : once(this.#sub, 'ready'),
    ]);
  }

  async #onReady(): Promise<void> {
    const channels = [...this.#links.keys()].map((name) => this.#channel(name));
    if (channels.length > 0) await this.#sub.subscribe(...channels);
    if (!this.#everReady) {
      this.#everReady = true;
      return;
    }
    // Reconnected: whatever was published meanwhile is lost to us, but it is in storage.
    this.#log.info(
      { docs: this.#links.size },
      'redis reconnected; resynchronising loaded documents',
    );
    for (const links of this.#links.values()) {
      for (const link of links) {
        link
          .resync()
          .catch((error: unknown) =>
            this.#log.error({ err: (error as Error).message }, 'resync failed'),
          );
      }
    }
  }

  async join(docName: string, link: RoomLink): Promise<void> {
    let links = this.#links.get(docName);
    const first = !links;
    if (!links) {
      links = new Set();
      this.#links.set(docName, links);
    }
    links.add(link);
    if (first) {
      // Never through ioredis' offline queue: a SUBSCRIBE queued before the connection's ready
      // check was seen to be acknowledged without taking effect. Wait for ready, then subscribe
      // (the room loads only after that, so nothing stored meanwhile is missed).
      if (this.#sub.status !== 'ready') await once(this.#sub, 'ready');
      await this.#sub.subscribe(this.#channel(docName));
    }
  }

  leave(docName: string, link: RoomLink): void {
    const links = this.#links.get(docName);
    if (!links) return;
    links.delete(link);
    if (links.size > 0) return;
    this.#links.delete(docName);
    this.#sub.unsubscribe(this.#channel(docName)).catch(() => undefined);
  }

  publishUpdate(docName: string, update: Uint8Array): void {
    this.#publish(docName, KIND_UPDATE, update);
  }

  publishAwareness(docName: string, update: Uint8Array): void {
    this.#publish(docName, KIND_AWARENESS, update);
  }

  queryAwareness(docName: string): void {
    this.#publish(docName, KIND_AWARENESS_QUERY, new Uint8Array(0));
  }

  #publish(docName: string, kind: number, payload: Uint8Array): void {
    const message = encodeFanoutMessage(kind, this.#processId, payload);
    // Fire and forget: a lost message is repaired by resync; storage already has the update.
    this.#pub.publish(this.#channel(docName), message).catch((error: unknown) => {
      this.#log.warn({ doc: docName, err: (error as Error).message }, 'redis publish failed');
    });
  }

  #receive(channel: Buffer, raw: Buffer): void {
    const message = decodeFanoutMessage(raw);
    if (!message || message.sender.equals(this.#processId)) return;
    const links = this.#links.get(channel.toString().slice(this.#prefix.length));
    if (!links) return;
    const { kind, payload } = message;
    for (const link of links) {
      try {
        if (kind === KIND_UPDATE) link.onUpdate(payload);
        else if (kind === KIND_AWARENESS) link.onAwareness(payload);
        else if (kind === KIND_AWARENESS_QUERY) link.onAwarenessQuery();
      } catch (error) {
        this.#log.warn({ err: (error as Error).message }, 'bad fan-out message');
      }
    }
  }

  #channel(docName: string): string {
    return `${this.#prefix}${docName}`;
  }

  async close(): Promise<void> {
    await Promise.all([
      this.#pub.quit().catch(() => undefined),
      this.#sub.quit().catch(() => undefined),
    ]);
  }
}

export interface FanoutMessage {
  kind: number;
  sender: Buffer;
  payload: Uint8Array;
}

export function encodeFanoutMessage(kind: number, sender: Buffer, payload: Uint8Array): Buffer {
  const message = Buffer.allocUnsafe(1 + PROCESS_ID_BYTES + payload.byteLength);
  message[0] = kind;
  sender.copy(message, 1, 0, PROCESS_ID_BYTES);
  message.set(payload, 1 + PROCESS_ID_BYTES);
  return message;
}

/**
 * Splits `[kind][sender process id][payload]`; null if too short to hold the header. The payload
 * is a view of exactly the payload bytes: ioredis may hand over a Buffer that is a slice of a
 * larger pooled ArrayBuffer, so a view without a length would run on into whatever follows it.
 */
export function decodeFanoutMessage(message: Buffer): FanoutMessage | null {
  const header = 1 + PROCESS_ID_BYTES;
  if (message.byteLength < header) return null;
  return {
    kind: message[0] ?? 0,
    sender: message.subarray(1, header),
    payload: new Uint8Array(
      message.buffer,
      message.byteOffset + header,
      message.byteLength - header,
    ),
  };
}

function once(emitter: Redis, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}
