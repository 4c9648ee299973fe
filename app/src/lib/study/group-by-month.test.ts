import { describe, expect, it } from 'vitest';
import { groupByMonth } from './group-by-month.ts';

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
