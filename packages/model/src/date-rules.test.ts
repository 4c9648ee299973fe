import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  isRealDate,
  readDateRule,
  ruleOccurrences,
  weekdayOf,
  type DateRule,
} from './date-rules.ts';

const dates = (rule: DateRule, year: number, month: number) =>
  ruleOccurrences(rule, year, month).map((o) => o.date);

describe('calendar arithmetic', () => {
  it('knows month lengths, leap Februaries included', () => {
    expect([1, 2, 4, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('gives ISO weekdays (1 = 周一 … 7 = 周日)', () => {
    expect(weekdayOf(2026, 1, 1)).toBe(4); // a Thursday
    expect(weekdayOf(2026, 3, 1)).toBe(7); // a Sunday
  });

  it('tells real dates from impossible ones', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2026-4-1')).toBe(false);
  });
});

describe('每月第一个周二 (the n-th weekday of the month)', () => {
  const firstTuesday: DateRule = { type: 'nthWeekday', nth: 1, weekday: 2 };

  it('falls on the first Tuesday of every month of 2026', () => {
    const days = Array.from({ length: 12 }, (_, i) => dates(firstTuesday, 2026, i + 1)[0]);
    expect(days).toEqual([
      '2026-01-06',
      '2026-02-03',
      '2026-03-03',
      '2026-04-07',
      '2026-05-05',
      '2026-06-02',
      '2026-07-07',
      '2026-08-04',
      '2026-09-01', // the 1st itself is a Tuesday
      '2026-10-06',
      '2026-11-03',
      '2026-12-01',
    ]);
  });

  it('counts on to the third, and back from the month’s end for the last', () => {
    expect(dates({ type: 'nthWeekday', nth: 3, weekday: 3 }, 2026, 5)).toEqual(['2026-05-20']);
    const lastFriday: DateRule = { type: 'nthWeekday', nth: -1, weekday: 5 };
    expect(dates(lastFriday, 2026, 1)).toEqual(['2026-01-30']);
    expect(dates(lastFriday, 2026, 7)).toEqual(['2026-07-31']); // the 31st itself
    expect(dates(lastFriday, 2024, 2)).toEqual(['2024-02-23']);
    // The last Thursday of a leap February is its 29th, a fifth Thursday.
    expect(dates({ type: 'nthWeekday', nth: -1, weekday: 4 }, 2024, 2)).toEqual(['2024-02-29']);
  });
});

describe('每月下旬 (a part of the month)', () => {
  const late: DateRule = { type: 'monthPart', part: 'late' };

  it('runs from the 21st to the month’s last day, whatever its length', () => {
    expect(ruleOccurrences(late, 2026, 12)).toEqual([{ date: '2026-12-21', until: '2026-12-31' }]);
    expect(ruleOccurrences(late, 2026, 4)).toEqual([{ date: '2026-04-21', until: '2026-04-30' }]);
    expect(ruleOccurrences(late, 2026, 2)).toEqual([{ date: '2026-02-21', until: '2026-02-28' }]);
    expect(ruleOccurrences(late, 2024, 2)).toEqual([{ date: '2024-02-21', until: '2024-02-29' }]);
  });

  it('has an early and a middle ten days too', () => {
    expect(ruleOccurrences({ type: 'monthPart', part: 'early' }, 2026, 2)).toEqual([
      { date: '2026-02-01', until: '2026-02-10' },
    ]);
    expect(ruleOccurrences({ type: 'monthPart', part: 'mid' }, 2026, 2)).toEqual([
      { date: '2026-02-11', until: '2026-02-20' },
    ]);
  });
});

describe('每周五下午 全员学习日 (a weekday every week)', () => {
  const fridays: DateRule = { type: 'weekly', weekday: 5, daypart: 'afternoon' };

  it('gives every Friday of the month: five in some months, four in others', () => {
    expect(dates(fridays, 2026, 1)).toEqual([
      '2026-01-02',
      '2026-01-09',
      '2026-01-16',
      '2026-01-23',
      '2026-01-30',
    ]);
    expect(dates(fridays, 2026, 5)).toHaveLength(5);
    expect(dates(fridays, 2026, 2)).toEqual([
      '2026-02-06',
      '2026-02-13',
      '2026-02-20',
      '2026-02-27',
    ]);
  });

  it('counts a leap February’s 29th', () => {
    expect(dates({ type: 'weekly', weekday: 4 }, 2024, 2)).toEqual([
      '2024-02-01',
      '2024-02-08',
      '2024-02-15',
      '2024-02-22',
      '2024-02-29',
    ]);
    expect(dates({ type: 'weekly', weekday: 4 }, 2026, 2)).toHaveLength(4);
  });

  it('covers 52 or 53 of a weekday over a year, never a day of another month', () => {
    let count = 0;
    for (let month = 1; month <= 12; month++) {
      for (const date of dates(fridays, 2026, month)) {
        expect(Number(date.slice(5, 7))).toBe(month);
        count++;
      }
    }
    expect(count).toBe(52);
    // 2026 starts on a Thursday: 53 Thursdays.
    let thursdays = 0;
    for (let month = 1; month <= 12; month++)
      thursdays += dates({ type: 'weekly', weekday: 4 }, 2026, month).length;
    expect(thursdays).toBe(53);
  });
});

describe('readDateRule', () => {
  it('keeps a well-formed rule and its 上午/下午', () => {
    expect(readDateRule({ type: 'weekly', weekday: 5, daypart: 'afternoon' })).toEqual({
      type: 'weekly',
      weekday: 5,
      daypart: 'afternoon',
    });
    expect(readDateRule({ type: 'nthWeekday', nth: -1, weekday: 7, extra: 1 })).toEqual({
      type: 'nthWeekday',
      nth: -1,
      weekday: 7,
    });
  });

  it.each([
    null,
    'every tuesday',
    { type: 'nthWeekday', nth: 5, weekday: 2 },
    { type: 'nthWeekday', nth: 1, weekday: 0 },
    { type: 'weekly', weekday: '5' },
    { type: 'monthPart', part: 'last' },
    { type: 'yearly' },
  ])('reads %j from a peer as no rule', (value) => {
    expect(readDateRule(value)).toBeNull();
  });
});
