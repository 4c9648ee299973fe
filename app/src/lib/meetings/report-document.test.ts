import { describe, expect, it } from 'vitest';
import type { LedgerRow, MonthlyReport } from '@branchbook/model';
import { reportDocument, reportDraft, reportMonthFromParam } from './report-document.ts';
import { testTranslate as t } from './test-messages.ts';

const row = (over: Partial<LedgerRow>): LedgerRow => ({
  number: 1,
  date: '2026-11-20',
  place: '会议室',
  kind: 'general',
  theme: '学习党章',
  chair: '王芳',
  recorder: '李强',
  expected: 5,
  present: 4,
  absent: 1,
  summary: '',
  resolutions: [],
  agreed: [],
  credit: 2,
  spendingFen: 0,
  source: { type: 'meeting', id: 'm1' },
  ...over,
});

const report: MonthlyReport = {
  month: '2026-12',
  lastMonth: '2026-11',
  held: [
    row({}),
    row({
      number: 2,
      date: '2026-11-28',
      kind: 'jointPlan',
      theme: '',
      credit: 0,
      spendingFen: 30050,
    }),
  ],
  scheduled: [
    { date: '2026-12-08', kind: 'committee', theme: '', source: { type: 'meeting', id: 'm2' } },
  ],
  openItems: [
    {
      text: '整理考古工地资料',
      owner: '王芳',
      deadline: '2026-12-10',
      status: 'open',
      agreedAt: '2026-11-20',
      agreedIn: '学习党章',
    },
  ],
};

describe('the monthly report', () => {
  it('writes one numbered line per held activity, scheduled item and open agreed item', () => {
    const draft = reportDraft(report, t);
    expect(draft.held).toBe(
      '1. 2026年11月20日，支部党员大会“学习党章”，应到5人，实到4人，计2学时。\n' +
        '2. 2026年11月28日，联建主题党日“（未填主题）”，应到5人，实到4人，支出300.50元。',
    );
    expect(draft.scheduled).toBe('1. 2026年12月8日，支委会“（未填主题）”。');
    expect(draft.followUp).toBe(
      '1. 整理考古工地资料（负责人：王芳，期限2026年12月10日；2026年11月20日“学习党章”议定）——尚未完成。',
    );
  });

  it('lays out the edited text as an official document, an empty section saying 无', () => {
    const draft = { ...reportDraft(report, t), scheduled: '  \n' };
    draft.held = '11月开了一次党员大会。\n\n另有一次联建。';
    const blocks = reportDocument(draft, { month: '2026-12', branchName: '办公室党支部', t });
    expect(blocks).toEqual([
      { kind: 'title', text: '2026年12月支部工作月报' },
      { kind: 'subtitle', text: '办公室党支部' },
      { kind: 'heading', text: '一、上月开展情况' },
      { kind: 'text', text: '11月开了一次党员大会。' },
      { kind: 'text', text: '另有一次联建。' },
      { kind: 'heading', text: '二、本月工作安排' },
      { kind: 'text', text: '无。' },
      { kind: 'heading', text: '三、议定事项落实情况' },
      { kind: 'text', text: draft.followUp },
      { kind: 'signatures', lines: ['填报人：', '支部书记：', '日期：'] },
    ]);
  });

  it('holds no ranking or score of persons', () => {
    const text = JSON.stringify(
      reportDocument(reportDraft(report, t), { month: '2026-12', branchName: '支部', t }),
    );
    expect(text).not.toMatch(/排名|名次|得分|评分|积分|第[一二三]名/);
  });
});

describe('reportMonthFromParam', () => {
  it('takes a real month from the address, else this month', () => {
    expect(reportMonthFromParam('2026-11', '2027-01')).toBe('2026-11');
    for (const bad of [null, '2026-13', '2026-1', 'x']) {
      expect(reportMonthFromParam(bad, '2027-01')).toBe('2027-01');
    }
  });
});
