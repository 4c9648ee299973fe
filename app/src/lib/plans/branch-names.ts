import { readItem, storedList, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * Names of the branches this account's plans name, as the server last told them (`GET
 * /api/plans`), kept on the device: a plan with a branch that is no longer paired, or opened
 * offline, still shows the branch's name — never its id.
 */
export function branchNamesKey(userId: string): string {
  return `branchbook.branchNames.${userId}`;
}

export function readBranchNames(
  storage: Pick<Storage, 'getItem'>,
  userId: string,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of storedList(readItem(storage, branchNamesKey(userId)))) {
    if (Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === 'string') {
      names.set(item[0], item[1]);
    }
  }
  return names;
}

/** Adds what the server said (a rename replaces the old name) and stores the whole map. */
export function rememberBranchNames(
  storage: DeviceStorage,
  userId: string,
  known: ReadonlyMap<string, string>,
  heard: readonly { id: string; name: string }[],
): Map<string, string> {
  const next = new Map(known);
  for (const { id, name } of heard) next.set(id, name);
  writeItem(storage, branchNamesKey(userId), JSON.stringify([...next]));
  return next;
}
