import { describe, expect, it } from 'vitest';
import { USER_ID_STORAGE_KEY, deviceUserId, storedDeviceUserId } from './user-id.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('deviceUserId', () => {
  it('keeps the id already chosen on this device', () => {
    const storage = memoryStorage({ [USER_ID_STORAGE_KEY]: 'e2e-user_1' });
    expect(deviceUserId(storage)).toBe('e2e-user_1');
  });

  it('creates and stores an id when there is none', () => {
    const storage = memoryStorage();
    const id = deviceUserId(storage);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(storage.data.get(USER_ID_STORAGE_KEY)).toBe(id);
    expect(deviceUserId(storage)).toBe(id);
  });

  it('replaces a stored value that cannot name a document', () => {
    const storage = memoryStorage({ [USER_ID_STORAGE_KEY]: 'not/valid' });
    expect(deviceUserId(storage)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('still returns an id when storage throws', () => {
    const storage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(deviceUserId(storage)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('storedDeviceUserId', () => {
  it('reads the id without creating one', () => {
    const storage = memoryStorage();
    expect(storedDeviceUserId(storage)).toBeNull();
    expect(storage.data.size).toBe(0);
    storage.data.set(USER_ID_STORAGE_KEY, 'abc');
    expect(storedDeviceUserId(storage)).toBe('abc');
  });
});
