/** The part of `Storage` the app uses; tests pass a Map-backed stand-in. */
export type DeviceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The browser's localStorage, or an in-memory stand-in where reading it throws (storage disabled,
 * some private modes) — the app still works for this page load.
 */
export function browserStorage(): DeviceStorage {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // Fall through to memory.
  }
  return memoryStorage();
}

export function memoryStorage(initial: Record<string, string> = {}): DeviceStorage & {
  data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

/** Reads a key; null when absent or when storage throws. */
export function readItem(storage: Pick<Storage, 'getItem'>, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** Writes or removes (`null`) a key; a refusal (quota, private mode) only loses the memory of it. */
export function writeItem(storage: DeviceStorage, key: string, value: string | null): void {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // Not remembered on this device; the app carries on.
  }
}

/**
 * The items of a JSON array stored on this device; `[]` for nothing stored, unreadable JSON or
 * anything but an array (each reader then checks every item itself). Never throws.
 */
export function storedList(raw: string | null): unknown[] {
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** A plain object as JSON gives it (not null, not an array): what each stored list item must be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
