import {
  MEETING_KINDS,
  MEETING_STATUSES,
  type MeetingKind,
  type MeetingRecord,
  type MeetingStatus,
} from '@branchbook/model';
import { readItem, storedList, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * The meeting records this device knows about, kept in localStorage per account: records created
 * here (registration pending until the server has them) and a summary of each record opened
 * here, so the list shows kind, date and status offline. The documents live in IndexedDB.
 */
export interface LocalMeeting {
  id: string;
  branchId: string;
  kind: MeetingKind;
  /** `YYYY-MM-DD` or ''. */
  date: string;
  status: MeetingStatus;
  /** A group meeting's party group, or ''. */
  groupId: string;
  /** A talk's two people. */
  participantIds: string[];
  /** A theme day's joint plan, or '' (entries stored before it read as ''). */
  planId: string;
  /** Read from the document at least once (the server's list tells only branch and kind). */
  known: boolean;
  updatedAt: number;
}

/** A record as `GET /api/meetings` lists it. */
export interface ServerMeeting {
  id: string;
  branchId: string;
  kind: MeetingKind;
  groupId?: string;
  participantIds: string[];
}

/** One row of the list: `device` until the server lists it (or has registered it). */
export interface MeetingListItem extends LocalMeeting {
  where: 'device' | 'server' | 'unknown';
}

export function meetingIndexKey(userId: string): string {
  return `branchbook.meetings.${userId}`;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

/** One stored entry; null for anything malformed (dropped, not guessed at). */
export function parseLocalMeeting(value: unknown): LocalMeeting | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id === '' || typeof v.branchId !== 'string') return null;
  if (!isOneOf(MEETING_KINDS, v.kind)) return null;
  return {
    id: v.id,
    branchId: v.branchId,
    kind: v.kind,
    date: typeof v.date === 'string' ? v.date : '',
    status: isOneOf(MEETING_STATUSES, v.status) ? v.status : 'draft',
    groupId: typeof v.groupId === 'string' ? v.groupId : '',
    participantIds: Array.isArray(v.participantIds)
      ? v.participantIds.filter((p): p is string => typeof p === 'string')
      : [],
    planId: typeof v.planId === 'string' ? v.planId : '',
    known: v.known === true,
    updatedAt: typeof v.updatedAt === 'number' ? v.updatedAt : 0,
  };
}

export function readMeetingIndex(storage: DeviceStorage, userId: string): LocalMeeting[] {
  return storedList(readItem(storage, meetingIndexKey(userId))).flatMap((item) => {
    const parsed = parseLocalMeeting(item);
    return parsed ? [parsed] : [];
  });
}

export function writeMeetingIndex(
  storage: DeviceStorage,
  userId: string,
  meetings: readonly LocalMeeting[],
): void {
  writeItem(storage, meetingIndexKey(userId), JSON.stringify(meetings));
}

/** The index with `meeting` put in (replacing the entry of the same id). */
export function upsertLocalMeeting(
  meetings: readonly LocalMeeting[],
  meeting: LocalMeeting,
): LocalMeeting[] {
  return [...meetings.filter((m) => m.id !== meeting.id), meeting];
}

/** The summary a record read from its document gives, or null when it says nothing new. */
export function summaryOf(
  record: MeetingRecord,
  known: LocalMeeting | undefined,
  now: number,
): LocalMeeting | null {
  if (record.id === '' || record.branchId === '') return null;
  if (
    known?.known &&
    known.kind === record.kind &&
    known.date === record.date &&
    known.status === record.status &&
    known.planId === record.planId
  )
    return null;
  return {
    id: record.id,
    branchId: record.branchId,
    kind: record.kind,
    date: record.date,
    status: record.status,
    groupId: known?.groupId ?? '',
    participantIds: known?.participantIds ?? [],
    planId: record.planId,
    known: true,
    updatedAt: now,
  };
}

/**
 * The device's records joined with the server's list (null: not at hand), newest date first;
 * records without a date (not yet read) last. `onDevice(id)` tells a record still waiting for
 * registration.
 */
export function mergeMeetingLists(
  local: readonly LocalMeeting[],
  server: readonly ServerMeeting[] | null,
  onDevice: (id: string) => boolean,
): MeetingListItem[] {
  const items = new Map<string, MeetingListItem>();
  for (const m of local) {
    const where = onDevice(m.id) ? 'device' : server ? 'server' : 'unknown';
    const listed = server?.find((s) => s.id === m.id);
    items.set(m.id, {
      ...m,
      groupId: m.groupId || listed?.groupId || '',
      participantIds:
        m.participantIds.length > 0 ? m.participantIds : (listed?.participantIds ?? []),
      where,
    });
  }
  for (const s of server ?? []) {
    if (items.has(s.id)) continue;
    items.set(s.id, {
      id: s.id,
      branchId: s.branchId,
      kind: s.kind,
      date: '',
      status: 'draft',
      groupId: s.groupId ?? '',
      participantIds: s.participantIds,
      planId: '',
      known: false,
      updatedAt: 0,
      where: 'server',
    });
  }
  return [...items.values()].sort(
    (a, b) =>
      Number(b.date !== '') - Number(a.date !== '') ||
      (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
      b.updatedAt - a.updatedAt ||
      (a.id < b.id ? -1 : 1),
  );
}
