import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlan, type JointPlan } from './joint-plan.ts';
import {
  addMeetingEntry,
  initMeeting,
  readMeeting,
  updateMeeting,
  type MeetingRecord,
} from './meeting-record.ts';
import { monthlyReport } from './monthly-report.ts';

function meeting(
  id: string,
  date: string,
  held: boolean,
  items: [string, 'open' | 'done'][] = [],
): MeetingRecord {
  const doc = new Y.Doc();
  initMeeting(doc, { id, branchId: 'b1', kind: 'general', date });
  updateMeeting(doc, { status: held ? 'held' : 'draft', studyTitle: `${id} 学习` });
  items.forEach(([text, status], i) =>
    addMeetingEntry(doc, 'agreed', `a${i}`, { text, owner: '王芳', status }),
  );
  return readMeeting(doc);
}

const plan = (id: string, month: string, status: JointPlan['status']): JointPlan => ({
  ...readPlan(new Y.Doc()),
  id,
  month,
  status,
  theme: `${id} 主题党日`,
});

describe('the monthly report (月报)', () => {
  const sources = {
    meetings: [
      meeting('m1', '2026-10-20', true, [['修订制度', 'open']]),
      meeting('m2', '2026-11-18', true, [
        ['整理台账', 'open'],
        ['报送材料', 'done'],
      ]),
      meeting('m3', '2026-12-08', false),
      meeting('m4', '2026-11-28', false),
    ],
    plans: [plan('p1', '2026-12', 'agreed'), plan('p2', '2026-11', 'held')],
    manual: [],
  };

  it('last month as held, this month as scheduled, open items carried until done', () => {
    const report = monthlyReport(sources, '2026-12');
    expect(report.lastMonth).toBe('2026-11');
    expect(report.held.map((r) => r.source.id)).toEqual(['m2']);
    expect(report.scheduled.map((s) => s.source.id)).toEqual(['p1', 'm3']);
    expect(report.openItems.map((i) => [i.text, i.owner, i.agreedAt])).toEqual([
      ['修订制度', '王芳', '2026-10-20'],
      ['整理台账', '王芳', '2026-11-18'],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/排名|积分|得分|rank|score/i);
  });

  it('January reports on December of the year before', () => {
    const report = monthlyReport(
      { ...sources, meetings: [meeting('d1', '2025-12-15', true)] },
      '2026-01',
    );
    expect(report.lastMonth).toBe('2025-12');
    expect(report.held.map((r) => r.source.id)).toEqual(['d1']);
  });
});
