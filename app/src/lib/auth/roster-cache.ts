import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { parseMembers, type BranchMember } from './api.ts';

/**
 * The branch roster as last fetched, kept on this device so the committee's study table opens
 * offline. Cleared at sign-out with the rest of the device's data.
 */
export function rosterStorageKey(branchId: string): string {
  return `branchbook.roster.${branchId}`;
}

export function readCachedRoster(
  storage: Pick<Storage, 'getItem'>,
  branchId: string,
): BranchMember[] | null {
  const raw = readItem(storage, rosterStorageKey(branchId));
  if (raw === null) return null;
  try {
    return parseMembers(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function writeCachedRoster(
  storage: DeviceStorage,
  branchId: string,
  members: readonly BranchMember[] | null,
): void {
  writeItem(
    storage,
    rosterStorageKey(branchId),
    members === null ? null : JSON.stringify({ branchId, members }),
  );
}
