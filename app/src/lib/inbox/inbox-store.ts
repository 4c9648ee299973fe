import { InboxEvent, parseWith, type InboxResponse } from '@branchbook/protocol';
import { isRecord, readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * The inbox as this device keeps it, per account: the events heard so far (newest `KEEP`), the
 * cursor to ask the server from (null before the first answer), and the newest event the member
 * has looked at — the tab's count is what came after it. Nothing else: no "unread for N days".
 */
export interface StoredInbox {
  cursor: number | null;
  seenSeq: number;
  events: InboxEvent[];
}

export const KEEP = 200;

export const EMPTY_INBOX: StoredInbox = { cursor: null, seenSeq: 0, events: [] };

export function inboxStorageKey(userId: string): string {
  return `branchbook.inbox.${userId}`;
}

const count = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/** Reads the stored inbox; anything unreadable is dropped, never thrown. */
export function readInbox(storage: Pick<Storage, 'getItem'>, userId: string): StoredInbox {
  const raw = readItem(storage, inboxStorageKey(userId));
  if (raw === null) return EMPTY_INBOX;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return EMPTY_INBOX;
  }
  if (!isRecord(value)) return EMPTY_INBOX;
  const events = Array.isArray(value.events)
    ? value.events.flatMap((e) => {
        const parsed = parseWith(InboxEvent, e);
        return parsed.ok ? [parsed.value] : [];
      })
    : [];
  return { cursor: count(value.cursor), seenSeq: count(value.seenSeq) ?? 0, events };
}

export function writeInbox(storage: DeviceStorage, userId: string, inbox: StoredInbox): void {
  writeItem(storage, inboxStorageKey(userId), JSON.stringify(inbox));
}

/** Adds one answer of `GET /api/inbox`: each event once, oldest first, the newest `KEEP` kept. */
export function addAnswer(inbox: StoredInbox, answer: InboxResponse): StoredInbox {
  const known = new Set(inbox.events.map((e) => e.seq));
  const fresh = answer.events.filter((e) => !known.has(e.seq));
  const cursor = Math.max(inbox.cursor ?? 0, answer.last);
  // Nothing new: the same object, so nothing is written or redrawn.
  if (fresh.length === 0 && cursor === inbox.cursor) return inbox;
  const events = [...inbox.events, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEEP);
  return { ...inbox, cursor, events };
}

/** Events the member has not looked at yet. */
export function unseenCount(inbox: StoredInbox): number {
  return inbox.events.filter((e) => e.seq > inbox.seenSeq).length;
}

/** Everything heard so far counts as seen (the member opened the inbox). */
export function markAllSeen(inbox: StoredInbox): StoredInbox {
  const newest = inbox.events.at(-1)?.seq ?? 0;
  return newest > inbox.seenSeq ? { ...inbox, seenSeq: newest } : inbox;
}
