/** Every IndexedDB database this app creates is named `branchbook:<doc name>`. */
export const DB_PREFIX = 'branchbook:';

/**
 * Deletes this app's IndexedDB databases: all `branchbook:*` ones the browser lists, plus any
 * named in `known` (for browsers without `indexedDB.databases()`). Resolves when each delete has
 * finished or is queued behind a connection still open elsewhere (another tab): the browser
 * completes it when that closes, and queues later opens behind it.
 */
export async function deleteDeviceDatabases(known: readonly string[] = []): Promise<void> {
  const factory = globalThis.indexedDB;
  if (!factory) return;
  const names = new Set(known.map((name) => DB_PREFIX + name));
  try {
    for (const info of await factory.databases()) {
      if (info.name?.startsWith(DB_PREFIX)) names.add(info.name);
    }
  } catch {
    // `databases()` is missing in older browsers; delete the ones we know of.
  }
  await Promise.all([...names].map((name) => deleteDatabase(factory, name)));
}

export function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(name);
    } catch {
      resolve();
      return;
    }
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}
