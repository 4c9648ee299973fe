/**
 * The browser's localStorage, or an in-memory stand-in where reading it throws (storage disabled,
 * some private modes) — the app still works for this page load.
 */
export function browserStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // Fall through to memory.
  }
  const memory = new Map<string, string>();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
  };
}
