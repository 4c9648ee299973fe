import { describe, expect, it } from 'vitest';
import { studyEntry } from '@branchbook/model/testing';
import { branchTableSheet, safeFileName, studyRecordSheet } from './sheets.ts';

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

describe('branchTableSheet', () => {
  it('keeps the table order and leaves unknown totals empty', () => {
    const sheet = branchTableSheet(
      [
        { userId: 'u2', name: '李红', role: 'secretary', counted: 10, total: 12, target: 56 },
        { userId: 'u1', name: '王芳', role: 'member', counted: null, total: null, target: 32 },
      ],
      {
        sheet: '支部学时',
        title: '2026年度支部学时',
        header: { name: '姓名', role: '职务', counted: '计入', total: '全部', target: '要求' },
        role: (role) => (role === 'secretary' ? '书记' : '党员'),
      },
    );
    expect(sheet.rows.slice(2).map((r) => r.cells)).toEqual([
      ['李红', '书记', 10, 12, 56],
      ['王芳', '党员', null, null, 32],
    ]);
  });
});

describe('safeFileName', () => {
  it('drops characters Windows refuses', () => {
    expect(safeFileName('2026/学时:表?')).toBe('2026-学时-表-');
  });
});
