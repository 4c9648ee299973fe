import type { LedgerRow, MeetingRecord } from '@branchbook/model';
import type { BinderFacts, BinderRecord } from './binder-document.ts';

/** For tests: a year of a branch's facts for the binder, as the device would have loaded them. */

export const STUDY = '学习《中国共产党支部工作条例（试行）》';

/** A held 支部党员大会 with everything the minutes hold. */
export function meetingRecord(over: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    id: 'm1',
    branchId: 'b1',
    kind: 'general',
    status: 'held',
    date: '2026-11-20',
    start: '14:30',
    end: '16:30',
    place: '考古工地项目部',
    chair: '周洁',
    recorder: '李梅',
    planId: '',
    attendance: [
      {
        key: 'u1',
        name: '周洁',
        status: 'present',
        reason: '',
        voting: true,
        from: '',
        guest: false,
      },
      {
        key: 'u2',
        name: '李梅',
        status: 'present',
        reason: '',
        voting: true,
        from: '',
        guest: false,
      },
      {
        key: 'u3',
        name: '王建华',
        status: 'present',
        reason: '',
        voting: true,
        from: '',
        guest: false,
      },
      {
        key: 'u4',
        name: '孙丽',
        status: 'absent',
        reason: '在工地值守',
        voting: true,
        from: '',
        guest: false,
      },
      {
        key: 'guest-1',
        name: '王老师',
        status: 'present',
        reason: '',
        voting: false,
        from: '首都博物馆第一党支部',
        guest: true,
      },
    ],
    agenda: [
      { id: 'a1', title: '传达上级精神' },
      { id: 'a2', title: '讨论发掘进度' },
    ],
    resolutions: [{ id: 'r1', text: '通过年度学习计划', for: 3, against: 0, abstain: 0 }],
    agreed: [
      {
        id: 'g1',
        text: '整理本季度发掘日志',
        owner: '李梅',
        deadline: '2026-12-15',
        status: 'open',
      },
    ],
    study: { title: STUDY, source: '中共中央文件', leadReader: '周洁', credit: 2 },
    spending: [],
    spendingFen: 12050,
    ...over,
  };
}

export const points = (text: string): BinderRecord['points'] => [
  { kind: 'paragraph', level: 0, number: null, runs: [{ text, bold: false, italic: false }] },
];

const ledgerRow = (over: Partial<LedgerRow>): LedgerRow => ({
  number: 1,
  date: '2026-11-20',
  place: '考古工地项目部',
  kind: 'general',
  theme: STUDY,
  chair: '周洁',
  recorder: '李梅',
  expected: 4,
  present: 3,
  absent: 1,
  summary: '传达上级精神',
  resolutions: [],
  agreed: [],
  credit: 2,
  spendingFen: 0,
  source: { type: 'meeting', id: 'm1' },
  ...over,
});

/** Two held records (and a draft and last year's, left out), a lesson, a plan, two missing. */
export function binderFacts(over: Partial<BinderFacts> = {}): BinderFacts {
  return {
    period: { year: 2026 },
    branchName: '考古工地临时党支部',
    today: '2026-12-01',
    ledger: [ledgerRow({}), ledgerRow({ number: 2, date: '2026-03-02', kind: 'committee' })],
    records: [
      { record: meetingRecord(), points: points('周洁：要把支部建在考古工地上。') },
      {
        record: meetingRecord({
          id: 'm0',
          kind: 'committee',
          date: '2026-03-02',
          study: {
            title: '',
            source: '',
            leadReader: '',
            credit: 0,
          },
        }),
        points: points('王建华：研究发展党员工作。'),
      },
      // A draft, and a record of the year before: not in the binder.
      { record: meetingRecord({ id: 'm2', status: 'draft' }), points: [] },
      { record: meetingRecord({ id: 'm3', date: '2025-11-20' }), points: [] },
    ],
    study: {
      roster: true,
      rows: [
        { userId: 'u2', name: '李梅', role: 'member', counted: 12, total: 14.5, target: 32 },
        { userId: 'u1', name: '周洁', role: 'secretary', counted: null, total: null, target: 56 },
      ],
    },
    lessons: [
      {
        id: 'l1',
        title: '在考古工地上的一堂微党课',
        subtitle: '——把支部建在考古工地上',
        speaker: '周洁',
        date: '2026-07-01',
        type: 'micro',
      },
      // Planned for after the binder's date: not given yet.
      {
        id: 'l2',
        title: '年终党课',
        subtitle: '',
        speaker: '周洁',
        date: '2026-12-28',
        type: 'standard',
      },
    ],
    plans: [
      {
        id: 'p1',
        theme: '走进考古工地',
        date: '2026-05-20',
        month: '2026-05',
        blocks: [
          { kind: 'title', text: '走进考古工地' },
          { kind: 'heading', text: '一、活动时间和地点' },
        ],
      },
    ],
    missing: [
      { type: 'meeting', kind: 'group', date: '2026-04-08' },
      { type: 'meeting', kind: 'committee', date: '' },
    ],
    ...over,
  };
}
