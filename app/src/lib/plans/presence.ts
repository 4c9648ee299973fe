/**
 * Who is in a plan now, from Yjs awareness: each peer publishes `{ user: { id, name, color } }`.
 * The colour is derived from the user id, so a person has the same colour on every device and in
 * every document, and two tabs of one person show as one.
 */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** Readable on white and as a caret: mid-lightness, saturated. */
const PALETTE = [
  '#b4232a',
  '#1d6fa5',
  '#2b7a3d',
  '#8a4fb3',
  '#c46a00',
  '#00838f',
  '#ad1457',
  '#5d6b00',
  '#3949ab',
  '#6d4c41',
] as const;

/** A stable colour for a user id (FNV-1a over the id, modulo the palette). */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}

export function presenceUser(id: string, name: string): PresenceUser {
  return { id, name, color: colorForUser(id) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The people present, one entry per user (several tabs or devices of one person count once),
 * the local user first, then by name. Awareness states from peers are untrusted input.
 */
export function peopleHere(
  states: ReadonlyMap<number, unknown>,
  localClientId: number,
): (PresenceUser & { me: boolean })[] {
  const people = new Map<string, PresenceUser & { me: boolean }>();
  for (const [clientId, state] of states) {
    if (!isRecord(state) || !isRecord(state.user)) continue;
    const { id, name } = state.user;
    if (typeof id !== 'string' || id === '') continue;
    const me = clientId === localClientId;
    const known = people.get(id);
    people.set(id, {
      id,
      name: typeof name === 'string' && name !== '' ? name.slice(0, 40) : id,
      color: colorForUser(id),
      me: me || (known?.me ?? false),
    });
  }
  return [...people.values()].sort((a, b) =>
    a.me !== b.me ? (a.me ? -1 : 1) : a.name.localeCompare(b.name, 'zh-CN'),
  );
}
