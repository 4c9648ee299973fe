import { headcount, type BranchHeadcount, type MeetingRecord } from '@branchbook/model';
import type { LocalMeeting } from './meeting-index.ts';

/**
 * A joint theme day and each branch's own record of it (issue 15 item 2): the record is the
 * branch's — its roster, attendance and 学时 — and what crosses to the joint plan is the count.
 */

/** This branch's record of the plan's day among the records the device knows, if any. */
export function planRecordOf(
  meetings: readonly Pick<LocalMeeting, 'id' | 'branchId' | 'planId'>[],
  planId: string,
  branchId: string,
): string | null {
  return meetings.find((m) => m.planId === planId && m.branchId === branchId)?.id ?? null;
}

/** The count a held theme-day record gives its joint plan; null while there is none to give. */
export function planHeadcountOf(
  record: Pick<MeetingRecord, 'id' | 'branchId' | 'kind' | 'status' | 'planId' | 'attendance'>,
): BranchHeadcount | null {
  if (record.kind !== 'themeDay' || record.status !== 'held' || record.planId === '') return null;
  if (record.id === '' || record.branchId === '') return null;
  const { expected, present } = headcount(record);
  return { branchId: record.branchId, meetingId: record.id, expected, present };
}
