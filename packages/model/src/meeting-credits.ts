import type { MeetingKind, MeetingRecord } from './meeting-record.ts';
import { addEntry, type StudyForm, type StudyLog } from './study-log.ts';

/**
 * Enter once (issue 15, item 3): a meeting record with study content, marked held, gives every
 * member marked present the entry in their own study log — written by their own app into
 * `study:<self>` (only the member writes their log), never typed again.
 *
 * The entry's id is derived from the record, so two devices of the member, or the app opening
 * again, find it there and write nothing: one entry. Declining it is deleting it (a tombstone):
 * the id stays, so it is not derived again on any device; restoring it is un-declining. A member
 * who corrects the hours keeps the correction: a record changed later does not overwrite it.
 */

/** The study log entry id a meeting record's credit gets (the same on every device). */
export function meetingEntryId(meetingId: string): string {
  return `meeting.${meetingId}`;
}

/** How a kind of meeting counts as study: a lecture is a lecture, the rest group study. */
const FORM_OF: Partial<Record<MeetingKind, StudyForm>> = { lecture: 'lecture' };

/** Whether `userId` gets this record's 学时: held, with study content, and they were present. */
export function creditsMember(record: MeetingRecord, userId: string): boolean {
  return (
    record.status === 'held' &&
    record.study.credit > 0 &&
    record.date !== '' &&
    record.attendance.some((a) => !a.guest && a.key === userId && a.status === 'present')
  );
}

/** How long after its date a record read as not crediting someone is still looked at again. */
export const SETTLED_AFTER_DAYS = 30;

/**
 * Whether a record can be left unread from now on when it next comes up for `userId`: held, not
 * crediting them, and more than `SETTLED_AFTER_DAYS` past its date — a recorder's correction of
 * attendance comes within the month, not a year later. A record not yet held, or a recent one,
 * is read again each time (it may still credit them).
 *
 * @example settledWithoutCredit(heldLastYearWhileAbsent, 'u1', '2026-12-02') // true
 */
export function settledWithoutCredit(
  record: MeetingRecord,
  userId: string,
  today: string,
): boolean {
  if (record.status !== 'held' || creditsMember(record, userId)) return false;
  const date = Date.parse(`${record.date}T00:00:00Z`);
  const now = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(date) || Number.isNaN(now)) return false;
  return now - date > SETTLED_AFTER_DAYS * 86_400_000;
}

/**
 * Writes into `log` (the member's own) the entry of each record that credits `userId` and that
 * the log does not hold yet — also not as declined. Returns the ids it wrote.
 */
export function applyMeetingCredits(
  log: StudyLog,
  records: readonly MeetingRecord[],
  userId: string,
  now = Date.now(),
): string[] {
  const written: string[] = [];
  for (const record of records) {
    const id = meetingEntryId(record.id);
    if (record.id === '' || log.has(id) || !creditsMember(record, userId)) continue;
    const minutes = timeSpan(record.start, record.end) ?? record.study.credit * 60;
    addEntry(
      log,
      id,
      {
        date: record.date,
        minutes: Math.min(1440, Math.max(1, minutes)),
        credit: record.study.credit,
        form: FORM_OF[record.kind] ?? 'group',
        title: record.study.title,
        source: record.study.source,
        leadReader: record.study.leadReader,
        place: record.place,
        meetingId: record.id,
      },
      now,
    );
    written.push(id);
  }
  return written;
}

/** Minutes from `HH:MM` to `HH:MM` the same day; null when either is missing or they run backwards. */
function timeSpan(start: string, end: string): number | null {
  const toMinutes = (t: string) => {
    const match = /^(\d{2}):(\d{2})$/.exec(t);
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  };
  const from = toMinutes(start);
  const to = toMinutes(end);
  return from !== null && to !== null && to > from ? to - from : null;
}
