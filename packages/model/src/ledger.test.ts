import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlan, type JointPlan } from './joint-plan.ts';
import {
  addManualLedgerRow,
  ledgerRows,
  readManualLedger,
  removeManualLedgerRow,
  type LedgerRow,
} from './ledger.ts';
import {
  addMeetingEntry,
  expectMembers,
  initMeeting,
  readMeeting,
  setAttendee,
  updateMeeting,
  type MeetingKind,
  type MeetingRecord,
} from './meeting-record.ts';

function record(
  id: string,
  kind: MeetingKind,
  date: string,
  held = true,
  planId = '',
): MeetingRecord {
  const doc = new Y.Doc();
  initMeeting(doc, { id, branchId: 'b1', kind, date, ...(planId ? { planId } : {}) });
  expectMembers(doc, [
    { userId: 'u1', name: '李建国' },
    { userId: 'u2', name: '王芳' },
    { userId: 'u3', name: '孙伟' },
  ]);
  setAttendee(doc, 'u1', { status: 'present' });
  setAttendee(doc, 'u2', { status: 'present' });
  setAttendee(doc, 'u3', { status: 'absent', reason: '出差' });
  updateMeeting(doc, {
    status: held ? 'held' : 'draft',
    place: '活动室',
    chair: '李建国',
    recorder: '王芳',
    studyTitle: `${kind} 学习`,
    credit: 2,
  });
  addMeetingEntry(doc, 'agenda', 't1', { title: '传达上级精神' });
  addMeetingEntry(doc, 'resolutions', 'r1', {
    text: '通过年度计划',
    for: 2,
    against: 0,
    abstain: 0,
  });
  addMeetingEntry(doc, 'agreed', 'a1', { text: '整理台账', owner: '王芳', deadline: '2026-12-31' });
  addMeetingEntry(doc, 'spending', 's1', { item: '学习资料印制', amountFen: 12050 });
  addMeetingEntry(doc, 'spending', 's2', { item: '茶水', amountFen: 1500 });
  return readMeeting(doc);
}

function plan(id: string, date: string, status: JointPlan['status']): JointPlan {
  return {
    ...readPlan(new Y.Doc()),
    id,
    date,
    status,
    theme: '联学共建：走进博物馆',
    place: '首都博物馆',
    participants: { members: 12, probationary: 1, activists: 2, others: 0 },
    budgetTotalFen: 30000,
  };
}

describe('the ledger (台账)', () => {
  const branch = new Y.Doc();
  addManualLedgerRow(branch, 'x1', {
    date: '2026-02-10',
    theme: '参观红色教育基地（纸质记录补录）',
    expected: 5,
    present: 4,
  });
  addManualLedgerRow(branch, 'x2', { date: '2026-03-01', theme: '删掉的行' });
  removeManualLedgerRow(branch, 'x2');
  const sources = {
    meetings: [
      record('m2', 'committee', '2026-05-08'),
      record('m1', 'general', '2026-03-20'),
      record('m3', 'general', '2026-06-01', false),
      record('m4', 'themeDay', '2026-07-01', true, 'p1'),
      record('m0', 'general', '2025-12-20'),
    ],
    plans: [
      plan('p1', '2026-07-01', 'held'),
      plan('p2', '2026-08-15', 'summarised'),
      plan('p3', '2026-09-01', 'agreed'),
    ],
    manual: readManualLedger(branch),
  };

  it('has one row per held activity of the year, numbered in date order', () => {
    const rows = ledgerRows(sources, { year: 2026 });
    expect(rows.map((r) => [r.number, r.date, r.kind, r.source.id])).toEqual([
      [1, '2026-02-10', 'other', 'x1'],
      [2, '2026-03-20', 'general', 'm1'],
      [3, '2026-05-08', 'committee', 'm2'],
      // The theme day's record is its row; its plan is not counted again.
      [4, '2026-07-01', 'themeDay', 'm4'],
      [5, '2026-08-15', 'jointPlan', 'p2'],
    ]);
    expect(rows[1]).toMatchObject({
      place: '活动室',
      chair: '李建国',
      recorder: '王芳',
      expected: 3,
      present: 2,
      absent: 1,
      summary: '传达上级精神',
      resolutions: ['通过年度计划（赞成2，反对0，弃权0）'],
      agreed: [{ text: '整理台账', owner: '王芳', deadline: '2026-12-31', status: 'open' }],
      credit: 2,
      // What the recorder entered: the agenda is the summary, the spending lines' total the cost.
      spendingFen: 13550,
    });
    expect(rows[4]).toMatchObject({ present: 15, spendingFen: 30000 });
    expect(rows[0]).toMatchObject({ expected: 5, present: 4, absent: 1 });
  });

  it('filters by quarter and kind without renumbering', () => {
    expect(ledgerRows(sources, { year: 2026, quarter: 2 }).map((r) => r.number)).toEqual([3]);
    expect(ledgerRows(sources, { year: 2026, kind: 'general' }).map((r) => r.number)).toEqual([2]);
    expect(ledgerRows(sources, { year: 2025 }).map((r) => r.source.id)).toEqual(['m0']);
  });

  it('holds no ranking or score of persons', () => {
    const rows = ledgerRows(sources, { year: 2026 });
    const keys = (row: LedgerRow) => Object.keys(row);
    for (const row of rows) {
      for (const key of keys(row)) expect(key).not.toMatch(/rank|score|points|top|best|排名|积分/i);
      expect(JSON.stringify(row)).not.toMatch(/排名|积分|得分/);
    }
  });
});
