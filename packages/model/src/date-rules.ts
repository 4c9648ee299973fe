import { DATE_PATTERN, isOneOf } from './scalars.ts';

/**
 * The rules branches plan their year by instead of dates (issue 16, seeds 001 and 003):
 * "每月第一个周二" (the n-th or last weekday of the month), "每月下旬" (a part of the month — the
 * last ten days run from the 21st to the month's end) and "每周五下午 全员学习日" (a weekday every
 * week). Pure: a rule and a month give that month's dates. Lunar holidays (春节, 清明 …) are not
 * computed; a date that falls on one is moved by hand (`year-plan.ts` keeps the moves).
 *
 * Weekdays are ISO: 1 = Monday (周一) … 7 = Sunday (周日). Months are 1–12.
 */

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which one of the month's weekdays: the first to the fourth, or the last (-1). */
export const NTHS = [1, 2, 3, 4, -1] as const;
export type Nth = (typeof NTHS)[number];

/** 上旬 (1st–10th), 中旬 (11th–20th), 下旬 (21st to the end). */
export const MONTH_PARTS = ['early', 'mid', 'late'] as const;
export type MonthPart = (typeof MONTH_PARTS)[number];

/** 上午 / 下午: said with the date ("每周五下午"), not computed from. */
export const DAYPARTS = ['morning', 'afternoon'] as const;
export type Daypart = (typeof DAYPARTS)[number];

export type DateRule =
  | { type: 'nthWeekday'; nth: Nth; weekday: Weekday; daypart?: Daypart }
  | { type: 'monthPart'; part: MonthPart; daypart?: Daypart }
  | { type: 'weekly'; weekday: Weekday; daypart?: Daypart };

/** One dated occurrence; a part of the month is a window from `date` to `until`. */
export interface Occurrence {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `YYYY-MM-DD`, the window's last day (a part of the month only). */
  until?: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` of a day (no time zone: a calendar date). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): Weekday {
  const sunday0 = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (sunday0 === 0 ? 7 : sunday0) as Weekday;
}

/** Whether `date` is a real `YYYY-MM-DD` (no 2月30日). */
export function isRealDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return day <= daysInMonth(year, month);
}

const MONTH_PART_DAYS: Record<MonthPart, [first: number, last: number | null]> = {
  early: [1, 10],
  mid: [11, 20],
  // "下旬": from the 21st to the month's last day (28th–31st).
  late: [21, null],
};

/**
 * The dates `rule` gives in `month` of `year`, earliest first.
 *
 * @example ruleOccurrences({ type: 'nthWeekday', nth: 1, weekday: 2 }, 2026, 12)
 * // [{ date: '2026-12-01' }] — the first Tuesday of December 2026
 */
export function ruleOccurrences(rule: DateRule, year: number, month: number): Occurrence[] {
  const days = daysInMonth(year, month);
  switch (rule.type) {
    case 'nthWeekday': {
      if (rule.nth === -1) {
        const back = (weekdayOf(year, month, days) - rule.weekday + 7) % 7;
        return [{ date: isoDate(year, month, days - back) }];
      }
      const first = 1 + ((rule.weekday - weekdayOf(year, month, 1) + 7) % 7);
      return [{ date: isoDate(year, month, first + 7 * (rule.nth - 1)) }];
    }
    case 'monthPart': {
      const [first, last] = MONTH_PART_DAYS[rule.part];
      return [{ date: isoDate(year, month, first), until: isoDate(year, month, last ?? days) }];
    }
    case 'weekly': {
      const dates: Occurrence[] = [];
      const first = 1 + ((rule.weekday - weekdayOf(year, month, 1) + 7) % 7);
      for (let day = first; day <= days; day += 7) dates.push({ date: isoDate(year, month, day) });
      return dates;
    }
  }
}

function isNumberOf<T extends number>(options: readonly T[], value: unknown): value is T {
  return (options as readonly unknown[]).includes(value);
}

/**
 * A stored rule as a `DateRule`, or null when it is not one — a rule arrives from any peer's
 * device, and a garbled one must read as "no rule", never crash the year's view.
 */
export function readDateRule(value: unknown): DateRule | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const daypart = isOneOf(DAYPARTS, r['daypart']) ? { daypart: r['daypart'] } : {};
  switch (r['type']) {
    case 'nthWeekday':
      return isNumberOf(NTHS, r['nth']) && isNumberOf(WEEKDAYS, r['weekday'])
        ? { type: 'nthWeekday', nth: r['nth'], weekday: r['weekday'], ...daypart }
        : null;
    case 'monthPart':
      return isOneOf(MONTH_PARTS, r['part'])
        ? { type: 'monthPart', part: r['part'], ...daypart }
        : null;
    case 'weekly':
      return isNumberOf(WEEKDAYS, r['weekday'])
        ? { type: 'weekly', weekday: r['weekday'], ...daypart }
        : null;
    default:
      return null;
  }
}

/** Whether `rule` is one a writer may store (the same test the reader applies). */
export function isValidDateRule(rule: DateRule): boolean {
  return readDateRule(rule) !== null;
}
