import { describe, expect, it } from 'vitest';
import { yearTotals, type StudyEntry } from '@branchbook/model';
import { formBreakdown, formatCredit, progressToward } from './year-progress.ts';

function entry(partial: Partial<StudyEntry>): StudyEntry {
  return {
    id: 'x',
    date: '2026-05-01',
    minutes: 60,
    credit: 1,
    form: 'group',
    counts: true,
    creditSet: false,
    countsSet: false,
    title: '',
    source: '',
    chapter: '',
    organiser: '',
    place: '',
    leadReader: '',
    reflection: '',
    deleted: false,
    createdAt: 0,
    ...partial,
  };
}

describe('progressToward', () => {
  it('is a share of the target, capped at the target', () => {
    expect(progressToward(8, 32)).toEqual({ ratio: 0.25, remaining: 24, reached: false });
    expect(progressToward(60, 56)).toEqual({ ratio: 1, remaining: 0, reached: true });
    expect(progressToward(0.1 + 0.2, 1).remaining).toBe(0.5);
  });

  it('counts a zero target as reached', () => {
    expect(progressToward(0, 0).reached).toBe(true);
  });
});

describe('formBreakdown', () => {
  it('lists the forms with 学时 this year, counted and not', () => {
    const totals = yearTotals(
      [
        entry({ id: 'a', form: 'group', credit: 4 }),
        entry({ id: 'b', form: 'self', credit: 2, counts: false }),
        entry({ id: 'c', form: 'group', credit: 1, date: '2025-12-31' }),
      ],
      2026,
    );
    expect(formBreakdown(totals)).toEqual([
      { form: 'group', total: 4, counted: 4 },
      { form: 'self', total: 2, counted: 0 },
    ]);
  });
});

describe('formatCredit', () => {
  it('writes halves and whole numbers plainly', () => {
    expect(formatCredit(12, 'zh-CN')).toBe('12');
    expect(formatCredit(12.5, 'zh-CN')).toBe('12.5');
    expect(formatCredit(0.30000000000000004, 'en')).toBe('0.5');
  });
});
