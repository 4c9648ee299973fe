/** The `user` field an editor puts in its awareness state (also what remote carets show). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface PresentPerson extends PresenceUser {
  /** This tab, or another tab or device of the same account. */
  isMe: boolean;
}

function readUser(state: unknown): PresenceUser | null {
  if (typeof state !== 'object' || state === null || !('user' in state)) return null;
  const user = state.user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color } = user as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string') return null;
  return { id, name: name || id, color: typeof color === 'string' ? color : '#595960' };
}

/**
 * Who is here, from awareness states: one row per person (several tabs or devices of one person
 * are one row), me first, then by name. States without a user (a tab that has left) are skipped.
 */
export function presentPeople(states: ReadonlyMap<number, unknown>, myId: string): PresentPerson[] {
  const byId = new Map<string, PresentPerson>();
  for (const state of states.values()) {
    const user = readUser(state);
    if (!user || byId.has(user.id)) continue;
    byId.set(user.id, { ...user, isMe: user.id === myId });
  }
  return [...byId.values()].sort(
    (a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, 'zh-CN'),
  );
}
