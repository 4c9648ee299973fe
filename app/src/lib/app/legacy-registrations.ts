import { isValidId } from '@branchbook/model';
import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { lessonIndexStorageKey } from '$lib/lessons/lesson-index.ts';
import { readPlanIndex, writePlanIndex } from '$lib/plans/plan-index.ts';
import type { OutboxInput } from '$lib/sync/outbox.svelte.ts';

/**
 * Registrations an older version of the app kept in its lists (a plan's `pending`, a lesson
 * draft's `registered: false`), handed to the outbox once and cleared from the lists, so a draft
 * created offline before the update is still registered after it.
 */
export function adoptLegacyRegistrations(storage: DeviceStorage, userId: string): OutboxInput[] {
  const adopted: OutboxInput[] = [];
  const plans = readPlanIndex(storage, userId);
  const pending = plans.filter((p) => p.pending);
  for (const plan of pending) {
    adopted.push({
      kind: 'plan',
      id: plan.id,
      payload: { leadBranchId: plan.leadBranchId, branchIds: plan.branchIds },
    });
  }
  if (pending.length > 0) {
    writePlanIndex(
      storage,
      userId,
      plans.map((p) => ({ ...p, pending: false, refused: null })),
    );
  }

  const key = lessonIndexStorageKey(userId);
  let lessons: unknown;
  try {
    lessons = JSON.parse(readItem(storage, key) ?? '[]');
  } catch {
    return adopted;
  }
  if (!Array.isArray(lessons)) return adopted;
  let changed = false;
  const cleared = lessons.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || !('registered' in entry)) return entry;
    const { registered, ...rest } = entry as Record<string, unknown>;
    changed = true;
    const { id, branchId, authorId, coAuthors } = rest;
    if (
      registered === false &&
      authorId === userId &&
      typeof id === 'string' &&
      isValidId(id) &&
      typeof branchId === 'string'
    ) {
      const ids = Array.isArray(coAuthors) ? coAuthors.filter((u) => typeof u === 'string') : [];
      adopted.push({ kind: 'lesson', id, payload: { branch: branchId, coAuthors: ids } });
    }
    return rest;
  });
  if (changed) writeItem(storage, key, JSON.stringify(cleared));
  return adopted;
}
