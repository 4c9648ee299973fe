import {
  SESSION_STORAGE_KEY,
  activeBranchStorageKey,
  isCommitteeRole,
  type AccountSession,
} from '$lib/auth/session.ts';
import { rosterStorageKey } from '$lib/auth/roster-cache.ts';
import { ENTRY_DEFAULTS_STORAGE_KEY } from '$lib/device/entry-defaults.ts';
import { readItem, type DeviceStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY } from '$lib/device/user-id.ts';
import { lessonIndexStorageKey, parseLessonIndex } from '$lib/lessons/lesson-index.ts';
import { pairingsStorageKey } from '$lib/plans/pairings.ts';
import { planIndexKey, readPlanIndex } from '$lib/plans/plan-index.ts';

/**
 * What a signed-in account keeps on this device, for signing out: the documents whose sync state
 * tells whether the server has everything, the work that exists only here (created offline, never
 * registered: signing out deletes it for good), and the localStorage keys holding the account's
 * data. The IndexedDB copies of documents are all deleted by prefix (`deleteDeviceDatabases`).
 */
export interface DeviceHoldings {
  /** Documents the server knows and this account may have written: open them to see they are synced. */
  docsToCheck: string[];
  /** Joint plans created on this device whose registration the server has not accepted. */
  devicePlans: number;
  /** Lesson drafts this account wrote here that the server has not registered yet. */
  deviceLessons: number;
  /** Every localStorage key with this account's (or the device user's) data; the locale stays. */
  keys: string[];
}

export function deviceHoldings(storage: DeviceStorage, session: AccountSession): DeviceHoldings {
  const { userId, branches } = session;
  const plans = readPlanIndex(storage, userId);
  const lessons = parseLessonIndex(readItem(storage, lessonIndexStorageKey(userId)));
  const writesBranch = branches.some((b) => isCommitteeRole(b.role));
  return {
    docsToCheck: [
      `study:${userId}`,
      ...(writesBranch
        ? branches.filter((b) => isCommitteeRole(b.role)).map((b) => `branch:${b.branchId}`)
        : []),
      ...plans.filter((p) => !p.pending).map((p) => `plan:${p.id}`),
      // Every registered draft: the committee writes its review into drafts it does not co-write.
      ...lessons.filter((l) => l.registered).map((l) => `lesson:${l.id}`),
    ],
    devicePlans: plans.filter((p) => p.pending).length,
    deviceLessons: lessons.filter((l) => !l.registered && l.authorId === userId).length,
    keys: [
      SESSION_STORAGE_KEY,
      activeBranchStorageKey(userId),
      USER_ID_STORAGE_KEY,
      ENTRY_DEFAULTS_STORAGE_KEY,
      ...branches.map((b) => rosterStorageKey(b.branchId)),
      planIndexKey(userId),
      pairingsStorageKey(userId),
      lessonIndexStorageKey(userId),
    ],
  };
}
