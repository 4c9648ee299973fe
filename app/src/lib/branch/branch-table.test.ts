import { describe, expect, it } from 'vitest';
import { DEFAULT_STUDY_TARGETS, yearTotals } from '@branchbook/model';
import { branchTableRows, sortByName } from './branch-table.ts';

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
