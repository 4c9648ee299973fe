import { describe, expect, it } from 'vitest';
import { firstMonths, groupByMonth } from './group-by-month.ts';

describe('groupByMonth', () => {
  it('keeps the given order within and across months', () => {
    const groups = groupByMonth([
      { date: '2025-11-21', id: 'a' },
      { date: '2025-11-02', id: 'b' },
      { date: '2025-10-30', id: 'c' },
      { date: '', id: 'd' },
    ]);
    expect(groups.map((g) => [g.month, g.entries.map((e) => e.id)])).toEqual([
      ['2025-11', ['a', 'b']],
      ['2025-10', ['c']],
      ['', ['d']],
    ]);
  });
});

describe('firstMonths', () => {
  const groups = [
    { month: '2026-03', entries: [1, 2, 3] },
    { month: '2026-02', entries: [4, 5] },
    { month: '2026-01', entries: [6] },
  ];

  it('shows whole months until the limit is reached', () => {
    expect(firstMonths(groups, 4)).toEqual({ shown: groups.slice(0, 2), hiddenEntries: 1 });
    expect(firstMonths(groups, 3)).toEqual({ shown: groups.slice(0, 1), hiddenEntries: 3 });
    expect(firstMonths(groups, 100).hiddenEntries).toBe(0);
  });

  it('always shows the first month, however large', () => {
    expect(firstMonths(groups, 0).shown).toEqual(groups.slice(0, 1));
  });
});
