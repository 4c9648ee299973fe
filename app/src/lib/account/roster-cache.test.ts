import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import {
  groupsStorageKey,
  readCachedGroups,
  readCachedRemoved,
  readCachedRoster,
  rosterStorageKey,
  writeCachedGroups,
  writeCachedRoster,
} from './roster-cache.ts';

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

  it("keeps the committee's fields, the removed members (unless replaced) and the groups", () => {
    const storage = memoryStorage();
    const full = {
      userId: 'u1',
      name: '张晓红',
      role: 'committee' as const,
      duty: 'organisation' as const,
      joinedAt: '2026-12-02T04:00:00.000Z',
      groupId: 'g1',
      devices: 2,
    };
    const removed = [
      {
        userId: 'u2',
        name: '张晓红',
        role: 'member' as const,
        removedAt: '2026-12-02T05:00:00.000Z',
      },
    ];
    writeCachedRoster(storage, 'b1', [full], removed);
    expect(readCachedRoster(storage, 'b1')).toEqual([full]);
    // A names-only write (the lesson screen's) keeps the removed members cached before.
    writeCachedRoster(storage, 'b1', [{ userId: 'u1', name: '张晓红' }]);
    expect(readCachedRemoved(storage, 'b1')).toEqual(removed);
    const groups = { branchId: 'b1', groups: [{ id: 'g1', name: '第一党小组' }], mine: 'g1' };
    writeCachedGroups(storage, 'b1', groups);
    expect(readCachedGroups(storage, 'b1')).toEqual(groups);
    expect(readCachedGroups(storage, 'b2')).toBeNull();
    writeCachedGroups(storage, 'b1', null);
    expect(storage.data.has(groupsStorageKey('b1'))).toBe(false);
  });

  it('ignores a corrupt cache', () => {
    const storage = memoryStorage({ [rosterStorageKey('b1')]: 'nope' });
    expect(readCachedRoster(storage, 'b1')).toBeNull();
  });
});
