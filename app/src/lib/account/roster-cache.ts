import {
  GroupsResponse,
  MembersResponse,
  parseWith,
  type RemovedMember,
} from '@branchbook/protocol';
import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { toMembers, type BranchMember } from './api.ts';

/**
 * The branch roster as last fetched, kept on this device so the committee's study table opens
 * offline. Cleared at sign-out with the rest of the device's data. Stored as the API answers it,
 * and read with the same schema.
 */
export function rosterStorageKey(branchId: string): string {
  return `branchbook.roster.${branchId}`;
}

/** Where the branch's party groups are kept on this device, as the API answered them. */
export function groupsStorageKey(branchId: string): string {
  return `branchbook.groups.${branchId}`;
}

function readCached<S extends typeof MembersResponse | typeof GroupsResponse>(
  storage: Pick<Storage, 'getItem'>,
  key: string,
  schema: S,
  branchId: string,
) {
  const raw = readItem(storage, key);
  if (raw === null) return null;
  try {
    const parsed = parseWith(schema, JSON.parse(raw));
    return parsed.ok && parsed.value.branchId === branchId ? parsed.value : null;
  } catch {
    return null;
  }
}

export function readCachedRoster(
  storage: Pick<Storage, 'getItem'>,
  branchId: string,
): BranchMember[] | null {
  const cached = readCached(storage, rosterStorageKey(branchId), MembersResponse, branchId);
  return cached ? toMembers(cached.members) : null;
}

/** The members the secretary removed, as the committee's last roster said (none for members). */
export function readCachedRemoved(
  storage: Pick<Storage, 'getItem'>,
  branchId: string,
): RemovedMember[] {
  return readCached(storage, rosterStorageKey(branchId), MembersResponse, branchId)?.removed ?? [];
}

/** Keeps the roster; `removed` left out keeps the removed members cached before. */
export function writeCachedRoster(
  storage: DeviceStorage,
  branchId: string,
  members: readonly BranchMember[] | null,
  removed: readonly RemovedMember[] = readCachedRemoved(storage, branchId),
): void {
  writeItem(
    storage,
    rosterStorageKey(branchId),
    members === null ? null : JSON.stringify({ branchId, members, removed }),
  );
}

export function readCachedGroups(
  storage: Pick<Storage, 'getItem'>,
  branchId: string,
): GroupsResponse | null {
  return readCached(storage, groupsStorageKey(branchId), GroupsResponse, branchId);
}

export function writeCachedGroups(
  storage: DeviceStorage,
  branchId: string,
  groups: GroupsResponse | null,
): void {
  writeItem(storage, groupsStorageKey(branchId), groups === null ? null : JSON.stringify(groups));
}
