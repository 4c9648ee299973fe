import {
  applyMeetingCredits,
  creditsMember,
  meetingEntryId,
  settledWithoutCredit,
  type MeetingRecord,
  type StudyLog,
} from '@branchbook/model';
import { API } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import type { AccountSession } from '$lib/account/session.ts';
import type { DeviceStorage } from '$lib/device/storage.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import {
  readMeetingIndex,
  summaryOf,
  upsertLocalMeeting,
  writeMeetingIndex,
} from './meeting-index.ts';
import { loadedMeeting } from './meeting-list.svelte.ts';

/**
 * Enter once, in the member's own app: reads the meeting records `ids` that the member's log does
 * not hold an entry of yet (also not declined: a deleted entry keeps its id) and that are not
 * settled for them (`notForMe`), each opened briefly, and writes into the member's own log the
 * entry of every one that credits them (held, with study content, they were present). Returns
 * the records read (for the list's summaries), the entry ids written, and the ids of records
 * read that will not credit them (`settledWithoutCredit`), for the device to stop reopening.
 */
export async function creditMeetings(input: {
  log: StudyLog;
  userId: string;
  ids: readonly string[];
  open: (id: string) => DocSession;
  /** Records settled for this member on this device: not opened again. */
  notForMe?: readonly string[];
  timeoutMs?: number;
  now?: number;
  /** Told the records read before any entry is written (e.g. to keep their summaries). */
  remember?: (records: readonly MeetingRecord[]) => void;
}): Promise<{ records: MeetingRecord[]; written: string[]; settled: string[] }> {
  const { log, userId } = input;
  const now = input.now ?? Date.now();
  const skip = new Set(input.notForMe ?? []);
  const unread = [...new Set(input.ids)].filter(
    (id) => !skip.has(id) && !log.has(meetingEntryId(id)),
  );
  const records: MeetingRecord[] = [];
  await Promise.all(
    unread.map(async (id) => {
      const session = input.open(id);
      try {
        const record = await loadedMeeting(session, input.timeoutMs ?? 8000);
        if (record) records.push(record);
      } finally {
        await session.destroy();
      }
    }),
  );
  if (records.length > 0) input.remember?.(records);
  const crediting = records.filter((r) => creditsMember(r, userId));
  const written = applyMeetingCredits(log, crediting, userId, now);
  const today = new Date(now).toISOString().slice(0, 10);
  const settled = records.filter((r) => settledWithoutCredit(r, userId, today)).map((r) => r.id);
  return { records, written, settled };
}

/**
 * The records that may credit the member: those `GET /api/meetings` lists (the server sends only
 * what they may read) and those this device knows (made or opened here, maybe not yet
 * registered). Offline, the device's only.
 */
export async function meetingsToCredit(
  session: AccountSession | null,
  storage: DeviceStorage,
  userId: string,
): Promise<string[]> {
  const ids = readMeetingIndex(storage, userId).map((m) => m.id);
  if (session && !session.revoked) {
    try {
      const { meetings } = await callApi(session.serverUrl, API.meetings, {
        token: session.token,
      });
      ids.push(...meetings.map((m) => m.id));
    } catch {
      // Offline or the server down: the device's records stand.
    }
  }
  return [...new Set(ids)];
}

/** Keeps the summaries of records read in passing, so the study list can name them. */
export function rememberMeetings(
  storage: DeviceStorage,
  userId: string,
  records: readonly MeetingRecord[],
  now = Date.now(),
): void {
  let index = readMeetingIndex(storage, userId);
  for (const record of records) {
    const next = summaryOf(
      record,
      index.find((m) => m.id === record.id),
      now,
    );
    if (next) index = upsertLocalMeeting(index, next);
  }
  writeMeetingIndex(storage, userId, index);
}
