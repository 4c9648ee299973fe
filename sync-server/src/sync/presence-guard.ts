import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence (y-protocols awareness) as the server lets it through. The stock protocol lets any
 * connection set, clear or invent the state of any client id, under any name; the server instead
 * relays only entries for client ids the sending connection introduced, and writes the user's
 * identity from its own records into each state, so nobody can wear another's name.
 */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The parsed JSON state; null removes the client. */
  state: unknown;
}

/** Client ids one connection may introduce (a y-websocket client uses one per document). */
export const MAX_CLIENTS_PER_CONNECTION = 4;
/** Presence states one document holds: joiners receive them all. */
export const MAX_STATES_PER_DOC = 500;
/** Largest presence state (its JSON); a caret and a name need a few hundred bytes. */
export const MAX_STATE_BYTES = 8 * 1024;

/**
 * Decodes an awareness update (y-protocols/awareness `encodeAwarenessUpdate`). Entries whose JSON
 * is larger than `MAX_STATE_BYTES` are left out; malformed input throws.
 */
export function decodePresence(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_STATE_BYTES) continue;
    entries.push({ clientId, clock, state: JSON.parse(json) as unknown });
  }
  return entries;
}

export function encodePresence(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

export interface Identity {
  userId: string;
  name: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The state with `user.id` and `user.name` taken from the server's records; other fields (a
 * colour, a caret) are the client's. A state that is not an object gets an object with the user.
 */
export function stampIdentity(state: unknown, who: Identity): Record<string, unknown> {
  const base = isObject(state) ? state : {};
  const user = isObject(base.user) ? base.user : {};
  return { ...base, user: { ...user, id: who.userId, name: who.name } };
}

/** The `user.id` a (server-stamped) state carries, if any. */
export function userIdOf(state: unknown): string | null {
  if (!isObject(state) || !isObject(state.user)) return null;
  return typeof state.user.id === 'string' ? state.user.id : null;
}
