import { describe, expect, it } from 'vitest';
import { DEFAULT_STUDY_TARGETS, yearTotals } from '@branchbook/model';
import { studyEntry } from '@branchbook/model/testing';
import { branchTableRows, sortByName, studyHoursRows } from './branch-table.ts';

describe('sortByName', () => {
  it('orders Chinese names by pinyin, never by totals', () => {
    const rows = ['张明', '王芳', '陈静', '李红'].map((name, i) => ({ name, userId: `u${i}` }));
    expect(sortByName(rows).map((r) => r.name)).toEqual(['陈静', '李红', '王芳', '张明']);
  });

  it('keeps people with the same name in a stable order', () => {
    const rows = [
      { name: '王芳', userId: 'u2' },
      { name: '王芳', userId: 'u1' },
    ];
    expect(sortByName(rows).map((r) => r.userId)).toEqual(['u1', 'u2']);
  });
});

describe('branchTableRows', () => {
  it('gives each member their totals and the target for their role', () => {
    const rows = branchTableRows(
      [
        { userId: 'u1', name: '王芳', role: 'member' },
        { userId: 'u2', name: '李红', role: 'secretary' },
      ],
      (userId) => (userId === 'u1' ? yearTotals([], 2026) : null),
      DEFAULT_STUDY_TARGETS,
    );
    expect(rows).toEqual([
      { userId: 'u2', name: '李红', role: 'secretary', counted: null, total: null, target: 56 },
      { userId: 'u1', name: '王芳', role: 'member', counted: 0, total: 0, target: 32 },
    ]);
  });
});

describe('studyHoursRows', () => {
  it('orders a party group by name, whatever the hours', () => {
    const entry = { date: '2026-03-01', form: 'group' as const, counts: true, creditSet: false };
    const totals = (credit: number) =>
      yearTotals([{ ...studyEntry(entry), credit, minutes: credit * 60 }], 2026);
    const rows = studyHoursRows(
      [
        { userId: 'u1', name: '赵磊' },
        { userId: 'u2', name: '安然' },
        { userId: 'u3', name: '陈刚' },
      ],
      (userId) => (userId === 'u1' ? totals(24) : userId === 'u2' ? totals(1) : null),
    );
    expect(rows).toEqual([
      { userId: 'u2', name: '安然', counted: 1, total: 1 },
      { userId: 'u3', name: '陈刚', counted: null, total: null },
      { userId: 'u1', name: '赵磊', counted: 24, total: 24 },
    ]);
  });
});
