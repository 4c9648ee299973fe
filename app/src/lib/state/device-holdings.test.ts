import { describe, expect, it } from 'vitest';
import type { AccountSession } from '$lib/auth/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { lessonIndexStorageKey, type LessonIndexEntry } from '$lib/lessons/lesson-index.ts';
import { pairingsStorageKey } from '$lib/plans/pairings.ts';
import { planIndexKey, type LocalPlan } from '$lib/plans/plan-index.ts';
import { deviceHoldings } from './device-holdings.ts';

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'u1',
  name: '王芳',
  branches: [
    { branchId: 'b1', name: '第一支部', role: 'secretary' },
    { branchId: 'b2', name: '第二支部', role: 'member' },
  ],
};

function plan(id: string, pending: boolean): LocalPlan {
  const base = { leadBranchId: 'b1', branchIds: ['b1', 'b9'], month: '2026-11', theme: id };
  return { id, ...base, date: '', status: 'draft', pending, refused: null, updatedAt: 1 };
}

function lesson(id: string, authorId: string, registered: boolean, coAuthors: string[] = []) {
  const entry: LessonIndexEntry = {
    ...{ id, branchId: 'b1', authorId, createdAt: 1, registered, coAuthors },
    coAuthorsSynced: true,
  };
  return entry;
}

describe('deviceHoldings', () => {
  it('lists the documents to check, the work only on this device, and the keys to clear', () => {
    const storage = memoryStorage({
      [planIndexKey('u1')]: JSON.stringify([plan('p1', false), plan('p2', true)]),
      [lessonIndexStorageKey('u1')]: JSON.stringify([
        lesson('l1', 'u1', true),
        lesson('l2', 'u1', false),
        lesson('l3', 'u7', true, ['u1']),
        // Someone else's draft, which the committee reviews: its review may be here only.
        lesson('l4', 'u7', true),
        // Someone else's unregistered draft is not ours to lose.
        lesson('l5', 'u7', false),
      ]),
    });
    const holdings = deviceHoldings(storage, session);
    expect(holdings.docsToCheck).toEqual([
      'study:u1',
      // The committee writes its branch's settings; a plain member of b2 writes nothing there.
      'branch:b1',
      'plan:p1',
      'lesson:l1',
      'lesson:l3',
      'lesson:l4',
    ]);
    expect(holdings.devicePlans).toBe(1);
    expect(holdings.deviceLessons).toBe(1);
    expect(holdings.keys).toEqual(
      expect.arrayContaining([
        'branchbook.session',
        'branchbook.userId',
        'branchbook.entryDefaults',
        planIndexKey('u1'),
        pairingsStorageKey('u1'),
        lessonIndexStorageKey('u1'),
      ]),
    );
    expect(holdings.keys.filter((k) => k.includes('roster'))).toHaveLength(2);
    expect(holdings.keys).not.toContain('branchbook.locale');
  });

  it('copes with nothing stored and with unreadable lists', () => {
    const storage = memoryStorage({ [planIndexKey('u1')]: '{not json' });
    const holdings = deviceHoldings(storage, { ...session, branches: [] });
    expect(holdings.docsToCheck).toEqual(['study:u1']);
    expect(holdings.devicePlans).toBe(0);
    expect(holdings.deviceLessons).toBe(0);
  });
});
