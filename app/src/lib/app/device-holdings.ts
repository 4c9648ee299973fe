import {
  SESSION_STORAGE_KEY,
  activeBranchStorageKey,
  isCommitteeRole,
  type AccountSession,
} from '$lib/account/session.ts';
import { groupsStorageKey, rosterStorageKey } from '$lib/account/roster-cache.ts';
import { ENTRY_DEFAULTS_STORAGE_KEY } from '$lib/device/entry-defaults.ts';
import { readItem, type DeviceStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY } from '$lib/device/user-id.ts';
import { lessonIndexStorageKey, parseLessonIndex } from '$lib/lessons/lesson-index.ts';
import { pairingsStorageKey } from '$lib/plans/pairings.ts';
import { branchNamesKey } from '$lib/plans/branch-names.ts';
import { planIndexKey, readPlanIndex } from '$lib/plans/plan-index.ts';
import { outboxStorageKey, parseOutbox } from '$lib/sync/outbox.svelte.ts';
import { WAITING_DOCS_KEY } from '$lib/sync/waiting-docs.svelte.ts';
import { inboxStorageKey } from '$lib/inbox/inbox-store.ts';
import { meetingIndexKey, readMeetingIndex } from '$lib/meetings/meeting-index.ts';
import { reportEditsKey } from '$lib/meetings/report-edits.ts';
import { notForMeKey } from '$lib/meetings/not-for-me.ts';
import { yearPlanId, type DocName } from '@branchbook/model';
import type { DeviceHoldings } from '$lib/account/account.svelte.ts';

/**
 * What a signed-in account keeps on this device (see `DeviceHoldings`): the one place that knows
 * every feature's stored lists, handed to `AccountState` by the root layout. `year`: this year,
 * whose year plan (and next year's, drafted in December) the committee may have changed here.
 */
export function deviceHoldings(
  storage: DeviceStorage,
  session: AccountSession,
  year: number = new Date().getFullYear(),
): DeviceHoldings {
  const { userId, branches } = session;
  const plans = readPlanIndex(storage, userId);
  const meetings = readMeetingIndex(storage, userId);
  const lessons = parseLessonIndex(readItem(storage, lessonIndexStorageKey(userId)));
  // The registrations the server has not accepted yet (the outbox's): these exist only here.
  const waiting = parseOutbox(readItem(storage, outboxStorageKey(userId)));
  const onDeviceOnly = (kind: DocName['kind'], id: string) =>
    waiting.some((r) => r.kind === kind && r.id === id);
  const committeeOf = branches.filter((b) => isCommitteeRole(b.role));
  return {
    docsToCheck: [
      { kind: 'study', id: userId },
      ...committeeOf.map((b): DocName => ({ kind: 'branch', id: b.branchId })),
      ...committeeOf.flatMap((b) =>
        [year, year + 1].map((y): DocName => ({ kind: 'yearplan', id: yearPlanId(b.branchId, y) })),
      ),
      ...plans
        .filter((p) => !onDeviceOnly('plan', p.id))
        .map((p): DocName => ({ kind: 'plan', id: p.id })),
      // Every registered draft: the committee writes its review into drafts it does not co-write.
      ...lessons
        .filter((l) => !onDeviceOnly('lesson', l.id))
        .map((l): DocName => ({ kind: 'lesson', id: l.id })),
      ...meetings
        .filter((m) => !onDeviceOnly('meeting', m.id))
        .map((m): DocName => ({ kind: 'meeting', id: m.id })),
    ],
    devicePlans: waiting.filter((r) => r.kind === 'plan').length,
    deviceLessons: waiting.filter((r) => r.kind === 'lesson').length,
    deviceMeetings: waiting.filter((r) => r.kind === 'meeting').length,
    keys: [
      SESSION_STORAGE_KEY,
      activeBranchStorageKey(userId),
      USER_ID_STORAGE_KEY,
      ENTRY_DEFAULTS_STORAGE_KEY,
      ...branches.map((b) => rosterStorageKey(b.branchId)),
      ...branches.map((b) => groupsStorageKey(b.branchId)),
      planIndexKey(userId),
      pairingsStorageKey(userId),
      branchNamesKey(userId),
      lessonIndexStorageKey(userId),
      outboxStorageKey(userId),
      inboxStorageKey(userId),
      meetingIndexKey(userId),
      reportEditsKey(userId),
      notForMeKey(userId),
      WAITING_DOCS_KEY,
    ],
  };
}
