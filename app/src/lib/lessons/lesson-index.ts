import { isValidId, type LessonReview } from '@branchbook/model';
import { isRecord, storedList } from '$lib/device/storage.ts';
import { LessonReview as LessonReviewSchema, parseWith, type Lesson } from '@branchbook/protocol';

/**
 * The lesson drafts this device knows for one account, kept in localStorage: drafts created here
 * and the ones the server listed, so the list opens offline. Whether the server has registered a
 * draft created here (it refuses `lesson:<id>` before that) is the outbox's to say
 * (`$lib/sync/outbox.svelte.ts`); functions below take it as `onDeviceOnly`.
 */
export interface LessonIndexEntry {
  id: string;
  branchId: string;
  authorId: string;
  /** ms since epoch; the list shows newest first. */
  createdAt: number;
  /** Co-authors as the author last chose them (the server's list, once synced). */
  coAuthors: string[];
  /** False while the server's co-author list still has to be updated (`PATCH`). */
  coAuthorsSynced: boolean;
  /** The registry's review as last heard (absent until the server listed the draft). */
  review?: LessonReview;
}

/** One entry of `GET /api/lessons`. */
export type ServerLesson = Lesson;

/** A draft nobody has submitted yet: what the list shows before the server's word. */
export const UNREVIEWED: LessonReview = { status: 'draft', by: '', byName: '', at: 0, note: '' };

export function lessonIndexStorageKey(userId: string): string {
  return `branchbook.lessons.${userId}`;
}

function ids(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && isValidId(v))
    : [];
}

function parseEntry(value: unknown): LessonIndexEntry | null {
  if (!isRecord(value)) return null;
  const { id, branchId, authorId, createdAt, coAuthors, coAuthorsSynced, review } = value;
  if (typeof id !== 'string' || !isValidId(id)) return null;
  if (typeof branchId !== 'string' || !isValidId(branchId)) return null;
  if (typeof authorId !== 'string' || !isValidId(authorId)) return null;
  return {
    id,
    branchId,
    authorId,
    createdAt: typeof createdAt === 'number' && Number.isFinite(createdAt) ? createdAt : 0,
    coAuthors: ids(coAuthors),
    coAuthorsSynced: coAuthorsSynced !== false,
    ...readReview(review),
  };
}

function readReview(value: unknown): { review?: LessonReview } {
  const parsed = parseWith(LessonReviewSchema, value);
  return parsed.ok ? { review: parsed.value } : {};
}

/** Reads what `serializeLessonIndex` stored; anything unreadable is skipped, never thrown. */
export function parseLessonIndex(raw: string | null): LessonIndexEntry[] {
  const seen = new Set<string>();
  const entries: LessonIndexEntry[] = [];
  for (const item of storedList(raw)) {
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

/**
 * The index after the server listed `server` (this account's drafts as author or co-author):
 * listed drafts take the server's co-authors unless the author changed them here and the server
 * has not heard yet; drafts still only on this device stay; the others the server no longer lists
 * (the member was removed as co-author) are dropped.
 */
export function mergeServerLessons(
  local: readonly LessonIndexEntry[],
  server: readonly ServerLesson[],
  now: number,
  onDeviceOnly: (id: string) => boolean,
): LessonIndexEntry[] {
  const byId = new Map(local.map((entry) => [entry.id, entry]));
  const listed = new Set(server.map((lesson) => lesson.id));
  const merged: LessonIndexEntry[] = local.filter(
    (entry) => onDeviceOnly(entry.id) || listed.has(entry.id),
  );
  for (const lesson of server) {
    const existing = byId.get(lesson.id);
    const entry: LessonIndexEntry = {
      id: lesson.id,
      branchId: lesson.branchId,
      authorId: lesson.authorId,
      createdAt: existing?.createdAt ?? now,
      coAuthors:
        existing && !existing.coAuthorsSynced ? existing.coAuthors : [...lesson.coAuthorIds].sort(),
      coAuthorsSynced: existing ? existing.coAuthorsSynced : true,
      review: lesson.review,
    };
    const at = merged.findIndex((e) => e.id === lesson.id);
    if (at >= 0) merged[at] = entry;
    else merged.push(entry);
  }
  return merged;
}

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

/**
 * The co-author changes the server still has to hear, for registered drafts `userId` wrote (only
 * the author changes them; the server enforces it). A draft still only on this device is
 * registered first (the outbox's job); its co-author changes follow.
 */
export function coAuthorsToSend(
  entries: readonly LessonIndexEntry[],
  userId: string,
  onDeviceOnly: (id: string) => boolean,
): LessonIndexEntry[] {
  return entries.filter(
    (entry) => entry.authorId === userId && !entry.coAuthorsSynced && !onDeviceOnly(entry.id),
  );
}

/** Newest first. */
export function sortLessonIndex(entries: readonly LessonIndexEntry[]): LessonIndexEntry[] {
  return [...entries].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
}
