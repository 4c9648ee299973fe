/** Where a user id's display name can come from, best first. */
export interface NameSources {
  me: { id: string; name: string };
  /** The branch roster (committee members have it), or null. */
  roster: readonly { userId: string; name: string }[] | null;
  /** People whose presence this device has seen on the draft. */
  present: readonly { id: string; name: string }[];
}

/**
 * A person's name for the UI; `unknown` (e.g. "一位同志") when no source knows them yet (offline
 * before the roster was ever fetched) — an id is never shown.
 */
export function personName(userId: string, sources: NameSources, unknown = ''): string {
  if (userId === '') return '';
  if (userId === sources.me.id) return sources.me.name;
  return (
    sources.roster?.find((m) => m.userId === userId)?.name ??
    sources.present.find((p) => p.id === userId)?.name ??
    unknown
  );
}
