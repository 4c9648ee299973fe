import { describe, expect, it } from 'vitest';
import { yearTotals } from '@branchbook/model';
import { studyEntry } from '@branchbook/model/testing';
import { formBreakdown, formatCredit, progressToward } from './year-progress.ts';

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
        studyEntry({ id: 'a', form: 'group', credit: 4 }),
        studyEntry({ id: 'b', form: 'self', credit: 2, counts: false }),
        studyEntry({ id: 'c', form: 'group', credit: 1, date: '2025-12-31' }),
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
