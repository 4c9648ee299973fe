let requested = false;

/**
 * Asks the browser once per page load not to evict this origin's storage — after the first real
 * save, when the request means something (some browsers grant it only to engaged sites).
 * Resolves to whether storage is persisted; false when the API is missing or refuses.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  if (requested) return false;
  requested = true;
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return false;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
