import {
  weekdayOf,
  type DateRule,
  type Nth,
  type ScheduledDate,
  type Turn,
} from '@branchbook/model';
import type { Translate } from '$lib/i18n/translate.ts';
import { formatDay } from '$lib/shared/dates.ts';

/** The message key of an n-th weekday ("第一个" … "最后一个"). */
export function nthKey(nth: Nth): string {
  return nth === -1 ? 'last' : `n${nth}`;
}

/**
 * A rule as the branch says it: 每月第一个周二, 每月下旬, 每周五下午.
 *
 * @example describeRule({ type: 'weekly', weekday: 5, daypart: 'afternoon' }, $_) // 每周五下午
 */
export function describeRule(rule: DateRule, t: Translate): string {
  const base =
    rule.type === 'nthWeekday'
      ? t('yearPlan.rule.nthWeekday', {
          values: {
            nth: t(`yearPlan.nth.${nthKey(rule.nth)}`),
            weekday: t(`yearPlan.weekday.d${rule.weekday}`),
          },
        })
      : rule.type === 'monthPart'
        ? t('yearPlan.rule.monthPart', { values: { part: t(`yearPlan.part.${rule.part}`) } })
        : t('yearPlan.rule.weekly', {
            values: { weekday: t(`yearPlan.weekday.d${rule.weekday}`) },
          });
  return rule.daypart
    ? t('yearPlan.rule.daypart', {
        values: { rule: base, daypart: t(`yearPlan.daypart.${rule.daypart}`) },
      })
    : base;
}

/** "12月1日 周二" / "1 December Tuesday" for a `YYYY-MM-DD` date. */
export function formatPlanDay(date: string, locale: string, t: Translate): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return `${formatDay(date, locale)} ${t(`yearPlan.weekday.d${weekdayOf(y, m, d)}`)}`;
}

/** An occurrence as shown: its day, or a part of the month's window ("12月21日至12月31日"). */
export function formatOccurrence(date: ScheduledDate, locale: string, t: Translate): string {
  if (!date.until) return formatPlanDay(date.date, locale, t);
  return t('yearPlan.item.window', {
    values: { from: formatDay(date.date, locale), to: formatDay(date.until, locale) },
  });
}

/** The months (1–12) a rota gives `id`, as "3月、6月、9月" / "Month 3, Month 6". */
export function monthsOf(turns: readonly Turn[], id: string, t: Translate, locale: string): string {
  const separator = locale.startsWith('zh') ? '、' : ', ';
  return turns
    .filter((turn) => turn.id === id)
    .map((turn) => t('yearPlan.month', { values: { month: turn.month } }))
    .join(separator);
}
