import { isValidId } from '@branchbook/model';

/**
 * The lesson drafts this device knows for one account, kept in localStorage: drafts created here
 * (which live only on this device until the server has registered them — it refuses
 * `lesson:<id>` before that) and the ones the server listed, so the list opens offline.
 */
export interface LessonIndexEntry {
  id: string;
  branchId: string;
  authorId: string;
  /** ms since epoch; the list shows newest first. */
  createdAt: number;
  /** The server has the draft in its registry (`POST /api/lessons` answered, or it listed it). */
  registered: boolean;
  /** Co-authors as the author last chose them (the server's list, once synced). */
  coAuthors: string[];
  /** False while the server's co-author list still has to be updated (`PATCH`). */
  coAuthorsSynced: boolean;
}

/** One entry of `GET /api/lessons`. */
export interface ServerLesson {
  id: string;
  authorId: string;
  branchId: string;
  coAuthorIds: string[];
}

export function lessonIndexStorageKey(userId: string): string {
  return `branchbook.lessons.${userId}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ids(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && isValidId(v))
    : [];
}

function parseEntry(value: unknown): LessonIndexEntry | null {
  if (!isRecord(value)) return null;
  const { id, branchId, authorId, createdAt, registered, coAuthors, coAuthorsSynced } = value;
  if (typeof id !== 'string' || !isValidId(id)) return null;
  if (typeof branchId !== 'string' || !isValidId(branchId)) return null;
  if (typeof authorId !== 'string' || !isValidId(authorId)) return null;
  return {
    id,
    branchId,
    authorId,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
    registered: registered === true,
    coAuthors: ids(coAuthors),
    coAuthorsSynced: coAuthorsSynced !== false,
  };
}

/** Reads what `serializeLessonIndex` stored; anything unreadable is skipped, never thrown. */
export function parseLessonIndex(raw: string | null): LessonIndexEntry[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const entries: LessonIndexEntry[] = [];
  for (const item of value) {
    const entry = parseEntry(item);
    if (!entry || seen.has(entry.id)) continue;
    seen.add(entry.id);
    entries.push(entry);
  }
  return entries;
}

export function serializeLessonIndex(entries: readonly LessonIndexEntry[]): string {
  return JSON.stringify(entries);
}

/** Reads `GET /api/lessons`; malformed entries are skipped. */
export function parseServerLessons(body: unknown): ServerLesson[] {
  if (!isRecord(body) || !Array.isArray(body.lessons)) return [];
  const lessons: ServerLesson[] = [];
  for (const item of body.lessons) {
    if (!isRecord(item)) continue;
    const { id, authorId, branchId, coAuthorIds } = item;
    if (typeof id !== 'string' || !isValidId(id)) continue;
    if (typeof authorId !== 'string' || typeof branchId !== 'string') continue;
    lessons.push({ id, authorId, branchId, coAuthorIds: ids(coAuthorIds) });
  }
  return lessons;
}

/**
 * The index after the server listed `server` (this account's drafts as author or co-author):
 * listed drafts are registered, with the server's co-authors unless the author changed them here
 * and the server has not heard yet; drafts created here and not yet registered stay; registered
 * drafts the server no longer lists (the member was removed as co-author) are dropped.
 */
export function mergeServerLessons(
  local: readonly LessonIndexEntry[],
  server: readonly ServerLesson[],
  now: number,
): LessonIndexEntry[] {
  const byId = new Map(local.map((entry) => [entry.id, entry]));
  const listed = new Set(server.map((lesson) => lesson.id));
  const merged: LessonIndexEntry[] = local.filter(
    (entry) => !entry.registered || listed.has(entry.id),
  );
  for (const lesson of server) {
    const existing = byId.get(lesson.id);
    const entry: LessonIndexEntry = {
      id: lesson.id,
      branchId: lesson.branchId,
      authorId: lesson.authorId,
      createdAt: existing?.createdAt ?? now,
      registered: true,
      coAuthors:
        existing && !existing.coAuthorsSynced ? existing.coAuthors : [...lesson.coAuthorIds].sort(),
      coAuthorsSynced: existing ? existing.coAuthorsSynced : true,
    };
    const at = merged.findIndex((e) => e.id === lesson.id);
    if (at >= 0) merged[at] = entry;
    else merged.push(entry);
  }
  return merged;
}

export type PendingWork =
  { kind: 'register'; entry: LessonIndexEntry } | { kind: 'co-authors'; entry: LessonIndexEntry };

/**
 * How `userId` comes to have a draft in their list: they wrote it, they co-write it, or it is a
 * draft of their branch that they review as a committee member.
 */
export function lessonRelation(
  entry: Pick<LessonIndexEntry, 'authorId' | 'coAuthors'>,
  userId: string,
): 'mine' | 'co-author' | 'reviewer' {
  if (entry.authorId === userId) return 'mine';
  return entry.coAuthors.includes(userId) ? 'co-author' : 'reviewer';
}

/** What the server still has to hear from this device, for drafts `userId` wrote. */
export function pendingWork(entries: readonly LessonIndexEntry[], userId: string): PendingWork[] {
  const work: PendingWork[] = [];
  for (const entry of entries) {
    // Only the author registers a draft and changes its co-authors (the server enforces it).
    if (entry.authorId !== userId) continue;
    if (!entry.registered) work.push({ kind: 'register', entry });
    else if (!entry.coAuthorsSynced) work.push({ kind: 'co-authors', entry });
  }
  return work;
}

/** Newest first. */
export function sortLessonIndex(entries: readonly LessonIndexEntry[]): LessonIndexEntry[] {
  return [...entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}
