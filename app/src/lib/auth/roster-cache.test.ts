import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import { readCachedRoster, rosterStorageKey, writeCachedRoster } from './roster-cache.ts';

describe('roster cache', () => {
  it('keeps the roster per branch and forgets it on request', () => {
    const storage = memoryStorage();
    expect(readCachedRoster(storage, 'b1')).toBeNull();
    writeCachedRoster(storage, 'b1', [{ userId: 'u1', name: '王芳', role: 'member' }]);
    expect(readCachedRoster(storage, 'b1')).toEqual([
      { userId: 'u1', name: '王芳', role: 'member' },
    ]);
    expect(readCachedRoster(storage, 'b2')).toBeNull();
    writeCachedRoster(storage, 'b1', null);
    expect(storage.data.has(rosterStorageKey('b1'))).toBe(false);
  });

  it('ignores a corrupt cache', () => {
    const storage = memoryStorage({ [rosterStorageKey('b1')]: 'nope' });
    expect(readCachedRoster(storage, 'b1')).toBeNull();
  });
});
