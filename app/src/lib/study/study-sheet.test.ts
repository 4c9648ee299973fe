import { describe, expect, it } from 'vitest';
import { studyEntry } from '@branchbook/model/testing';
import { studyRecordSheet } from './study-sheet.ts';

const labels = {
  sheet: '2026年度学习记录',
  title: '2026年度学习记录',
  subtitle: '姓名：张明',
  header: {
    date: '日期',
    title: '学习内容',
    source: '出处',
    form: '形式',
    organiser: '组织者',
    place: '地点',
    leadReader: '领学人',
    hours: '时长（小时）',
    credit: '学时',
    counts: '计入要求',
  },
  form: (form: string) => (form === 'group' ? '集中学习' : '个人自学'),
  yes: '是',
  no: '否',
  total: '合计学时',
  counted: '计入年度要求学时',
  target: '年度要求学时',
};

describe('studyRecordSheet', () => {
  it('lists the year oldest first and ends with the totals', () => {
    const sheet = studyRecordSheet(
      [
        studyEntry({ id: 'b', date: '2026-06-01', title: '党章第二章', minutes: 240, credit: 4 }),
        studyEntry({ id: 'a', date: '2026-02-01', title: '二十大报告', source: '人民出版社' }),
        studyEntry({ id: 'c', date: '2026-03-01', form: 'self', counts: false, title: '自学' }),
        studyEntry({ id: 'd', date: '2025-12-01', title: '去年' }),
        studyEntry({ id: 'e', date: '2026-04-01', title: '已删', deleted: true }),
      ],
      2026,
      32,
      labels,
    );
    const body = sheet.rows.slice(3, 6).map((r) => r.cells[1]);
    expect(body).toEqual(['二十大报告', '自学', '党章第二章']);
    expect(sheet.rows[3]?.cells).toEqual([
      '2026-02-01',
      '二十大报告',
      '人民出版社',
      '集中学习',
      '',
      '',
      '',
      1,
      1,
      '是',
    ]);
    expect(sheet.rows.slice(-3).map((r) => r.cells)).toEqual([
      ['合计学时', 6],
      ['计入年度要求学时', 5],
      ['年度要求学时', 32],
    ]);
  });
});
