import { describe, expect, it } from 'vitest';
import type { LedgerRow, MonthlyReport } from '@branchbook/model';
import { ledgerZhCN } from '$lib/i18n/ledger.zh-CN.ts';
import { reportZhCN } from '$lib/i18n/report.zh-CN.ts';
import { LEDGER_COLUMNS, ledgerCells, ledgerSheet } from './ledger-sheet.ts';
import { reportDocument, reportDraft } from './report-document.ts';
import { testTranslate as t } from './test-messages.ts';

const general: LedgerRow = {
  number: 1,
  date: '2026-11-20',
  place: '考古工地项目部',
  kind: 'general',
  theme: '学习《中国共产党支部工作条例（试行）》',
  chair: '周洁',
  recorder: '王建华',
  expected: 5,
  present: 4,
  absent: 1,
  summary: '传达上级精神；讨论发掘进度',
  resolutions: ['通过年度计划（赞成4，反对0，弃权0）'],
  agreed: [
    { text: '整理发掘日志', owner: '李梅', deadline: '2026-12-15', status: 'open' },
    { text: '更新宣传栏', owner: '', deadline: '', status: 'done' },
  ],
  credit: 2,
  spendingFen: 12050,
  source: { type: 'meeting', id: 'm1' },
};

const manual: LedgerRow = {
  ...general,
  number: 2,
  date: '2026-12-01',
  kind: 'other',
  theme: '',
  chair: '',
  resolutions: [],
  agreed: [],
  credit: 0,
  spendingFen: 0,
  source: { type: 'manual', id: 'x1' },
};

/** Words of a leaderboard or a score of persons, which no export may carry (DOMAIN.md). */
const RANKING = /排名|名次|得分|积分|分数|排行|rank|score|points/i;

describe('ledgerCells', () => {
  it('words each column as the paper ledger does', () => {
    const cells = ledgerCells(general, t);
    expect(Object.keys(cells)).toEqual([...LEDGER_COLUMNS]);
    expect(cells).toMatchObject({
      number: '1',
      date: '2026年11月20日',
      kind: '支部党员大会',
      attendance: '5/4/1',
      credit: '2',
      spending: '120.50',
    });
    expect(cells.resolutions).toBe(
      '决议：通过年度计划（赞成4，反对0，弃权0）；' +
        '议定事项：整理发掘日志（负责人：李梅，期限2026年12月15日，未落实）；' +
        '议定事项：更新宣传栏（负责人：未定，未定期限，已落实）',
    );
    expect(ledgerCells(manual, t)).toMatchObject({
      kind: '其他活动',
      theme: '（未填主题）',
      credit: '',
      spending: '',
    });
  });
});

describe('ledgerSheet', () => {
  it('has a title, the header and one row per ledger row, counts as numbers', () => {
    const sheet = ledgerSheet([general, manual], {
      t,
      year: 2026,
      branchName: '考古工地临时党支部',
    });
    expect(sheet.name).toBe('台账');
    const [title, header, first, second] = sheet.rows;
    expect(title?.cells).toEqual(['考古工地临时党支部2026年活动台账']);
    expect(header?.cells).toEqual([
      '编号',
      '日期',
      '地点',
      '类型',
      '主题',
      '主持人',
      '记录人',
      '应到',
      '实到',
      '缺席',
      '内容摘要',
      '决议及议定事项（含落实情况）',
      '学时',
      '经费（元）',
    ]);
    expect(sheet.widths).toHaveLength(header?.cells.length ?? 0);
    expect(first?.cells.slice(0, 10)).toEqual([
      1,
      '2026年11月20日',
      '考古工地项目部',
      '支部党员大会',
      general.theme,
      '周洁',
      '王建华',
      5,
      4,
      1,
    ]);
    expect(first?.cells.slice(12)).toEqual([2, 120.5]);
    expect(second?.cells).toContain(null);
    expect(sheet.rows).toHaveLength(4);
  });

  it('carries no ranking or score of persons, nor does the monthly report', () => {
    const sheet = ledgerSheet([general, manual], { t, year: 2026, branchName: '支部' });
    expect(JSON.stringify(sheet)).not.toMatch(RANKING);
    expect(JSON.stringify(ledgerZhCN)).not.toMatch(RANKING);
    const report: MonthlyReport = {
      month: '2026-12',
      lastMonth: '2026-11',
      held: [general],
      scheduled: [],
      openItems: [
        {
          ...{ text: '整理发掘日志', owner: '李梅', deadline: '2026-12-15', status: 'open' },
          ...{ agreedAt: general.date, agreedIn: general.theme },
        },
      ],
    };
    const draft = reportDraft(report, t);
    const blocks = reportDocument(draft, { month: '2026-12', branchName: '支部', t });
    expect(JSON.stringify(blocks)).not.toMatch(RANKING);
    expect(JSON.stringify(reportZhCN)).not.toMatch(RANKING);
  });
});
