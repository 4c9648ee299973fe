/**
 * How a document room hears about updates and presence from other server processes. A single
 * process uses `localOnly`; several processes behind a load balancer use Redis (`redis-fanout.ts`).
 * The fan-out carries no durable state: every update it carries is already in shared storage.
 */
export interface RoomLink {
  /** An update another process stored; apply it and relay it, but do not store it again. */
  onUpdate(update: Uint8Array): void;
  /** An awareness update from a client of another process. */
  onAwareness(update: Uint8Array): void;
  /** Another process asks for the presence of this room's local clients. */
  onAwarenessQuery(): void;
  /** Messages may have been missed (reconnect): reload from storage and relay what is new. */
  resync(): Promise<void>;
}

export interface Fanout {
  /** False for a single process: rooms then skip encoding what nobody would receive. */
  readonly shared: boolean;
  /** Resolves once messages for the document are being received (subscribe before loading). */
  join(docName: string, link: RoomLink): Promise<void>;
  leave(docName: string, link: RoomLink): void;
  publishUpdate(docName: string, update: Uint8Array): void;
  publishAwareness(docName: string, update: Uint8Array): void;
  queryAwareness(docName: string): void;
  close(): Promise<void>;
}

export const localOnly: Fanout = {
  shared: false,
  join: () => Promise.resolve(),
  leave: () => undefined,
  publishUpdate: () => undefined,
  publishAwareness: () => undefined,
  queryAwareness: () => undefined,
  close: () => Promise.resolve(),
};
