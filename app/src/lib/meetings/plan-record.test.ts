import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  expectMembers,
  initMeeting,
  readMeeting,
  setAttendee,
  updateMeeting,
} from '@branchbook/model';
import { planHeadcountOf, planRecordOf } from './plan-record.ts';

function themeDay(planId: string) {
  const doc = new Y.Doc();
  initMeeting(doc, { id: 'm1', branchId: 'kgs', kind: 'themeDay', date: '2026-11-20', planId });
  expectMembers(doc, [
    { userId: 'u1', name: '李建国' },
    { userId: 'u2', name: '王芳' },
    { userId: 'u3', name: '刘洋' },
  ]);
  setAttendee(doc, 'u1', { status: 'present' });
  setAttendee(doc, 'u2', { status: 'present' });
  setAttendee(doc, 'u3', { status: 'absent', reason: '出差' });
  return doc;
}

describe('a branch’s record of a joint theme day', () => {
  it('finds this branch’s record of the plan, not another plan’s or branch’s', () => {
    const meetings = [
      { id: 'a', branchId: 'kgs', planId: 'p2' },
      { id: 'b', branchId: 'bwg', planId: 'p1' },
      { id: 'c', branchId: 'kgs', planId: 'p1' },
    ];
    expect(planRecordOf(meetings, 'p1', 'kgs')).toBe('c');
    expect(planRecordOf(meetings, 'p3', 'kgs')).toBeNull();
  });

  it('gives the plan its count once held: counts only, from members, guests apart', () => {
    const doc = themeDay('p1');
    expect(planHeadcountOf(readMeeting(doc))).toBeNull();
    updateMeeting(doc, { status: 'held' });
    expect(planHeadcountOf(readMeeting(doc))).toEqual({
      branchId: 'kgs',
      meetingId: 'm1',
      expected: 3,
      present: 2,
    });
  });

  it('gives nothing for a record of no plan, or of another kind', () => {
    const doc = themeDay('');
    updateMeeting(doc, { status: 'held' });
    expect(planHeadcountOf(readMeeting(doc))).toBeNull();
    const general = themeDay('p1');
    updateMeeting(general, { status: 'held', kind: 'general' });
    expect(planHeadcountOf(readMeeting(general))).toBeNull();
  });
});
