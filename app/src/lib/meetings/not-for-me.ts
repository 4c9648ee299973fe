import { readItem, storedList, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * The meeting records a member's device no longer opens to credit them: read once, held, not
 * crediting them, and a month past (`settledWithoutCredit`) — so a member of a busy branch does
 * not reopen every old record on each start. Kept per account; cleared at sign-out.
 */
export function notForMeKey(userId: string): string {
  return `branchbook.meetingsNotForMe.${userId}`;
}

export function readNotForMe(storage: DeviceStorage, userId: string): string[] {
  return storedList(readItem(storage, notForMeKey(userId))).filter(
    (id): id is string => typeof id === 'string',
  );
}

/** Adds `ids` to the member's settled records on this device. */
export function addNotForMe(storage: DeviceStorage, userId: string, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const known = readNotForMe(storage, userId);
  const next = [...new Set([...known, ...ids])];
  if (next.length > known.length) writeItem(storage, notForMeKey(userId), JSON.stringify(next));
}
