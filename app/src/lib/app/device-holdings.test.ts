import { describe, expect, it } from 'vitest';
import { formatDocName } from '@branchbook/model';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { lessonIndexStorageKey, type LessonIndexEntry } from '$lib/lessons/lesson-index.ts';
import { pairingsStorageKey } from '$lib/plans/pairings.ts';
import { planIndexKey, type LocalPlan } from '$lib/plans/plan-index.ts';
import { outboxStorageKey } from '$lib/sync/outbox.svelte.ts';
import { meetingIndexKey } from '$lib/meetings/meeting-index.ts';
import { reportEditsKey } from '$lib/meetings/report-edits.ts';
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

function plan(id: string): LocalPlan {
  const base = { leadBranchId: 'b1', branchIds: ['b1', 'b9'], month: '2026-11', theme: id };
  return { id, ...base, date: '', status: 'draft', pending: false, refused: null, updatedAt: 1 };
}

function lesson(id: string, authorId: string, coAuthors: string[] = []) {
  const entry: LessonIndexEntry = {
    ...{ id, branchId: 'b1', authorId, createdAt: 1, coAuthors },
    coAuthorsSynced: true,
  };
  return entry;
}

describe('deviceHoldings', () => {
  it('lists the documents to check, the work only on this device, and the keys to clear', () => {
    const storage = memoryStorage({
      [planIndexKey('u1')]: JSON.stringify([plan('p1'), plan('p2')]),
      [lessonIndexStorageKey('u1')]: JSON.stringify([
        lesson('l1', 'u1'),
        lesson('l2', 'u1'),
        lesson('l3', 'u7', ['u1']),
        // Someone else's draft, which the committee reviews: its review may be here only.
        lesson('l4', 'u7'),
      ]),
      [meetingIndexKey('u1')]: JSON.stringify(
        ['m1', 'm2'].map((id) => ({ id, branchId: 'b1', kind: 'general', participantIds: [] })),
      ),
      // Waiting for the server: p2, l2 and m2 exist only on this device.
      [outboxStorageKey('u1')]: JSON.stringify([
        { kind: 'meeting', id: 'm2', payload: { branch: 'b1', kind: 'general' } },
        { kind: 'plan', id: 'p2', payload: { leadBranchId: 'b1', branchIds: ['b1'] } },
        {
          kind: 'lesson',
          id: 'l2',
          payload: { branch: 'b1', coAuthors: [] },
          refusal: { status: 403, message: 'no' },
        },
      ]),
    });
    const holdings = deviceHoldings(storage, session, 2026);
    expect(holdings.docsToCheck.map(formatDocName)).toEqual([
      'study:u1',
      // The committee writes its branch's settings; a plain member of b2 writes nothing there.
      'branch:b1',
      // And its year plans: this year's and next year's, drafted in December.
      'yearplan:b1-2026',
      'yearplan:b1-2027',
      'plan:p1',
      'lesson:l1',
      'lesson:l3',
      'lesson:l4',
      'meeting:m1',
    ]);
    expect(holdings.deviceMeetings).toBe(1);
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
        outboxStorageKey('u1'),
        meetingIndexKey('u1'),
        // The committee's edits of monthly reports.
        reportEditsKey('u1'),
      ]),
    );
    expect(holdings.keys.filter((k) => k.includes('roster'))).toHaveLength(2);
    expect(holdings.keys).not.toContain('branchbook.locale');
  });

  it('copes with nothing stored and with unreadable lists', () => {
    const storage = memoryStorage({ [planIndexKey('u1')]: '{not json' });
    const holdings = deviceHoldings(storage, { ...session, branches: [] });
    expect(holdings.docsToCheck).toEqual([{ kind: 'study', id: 'u1' }]);
    expect(holdings.devicePlans).toBe(0);
    expect(holdings.deviceLessons).toBe(0);
  });
});
