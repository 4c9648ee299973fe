import type { Translate } from '$lib/i18n/translate.ts';

/**
 * When a device was last used, as plain words: "刚刚", "今天 10:20", "昨天 18:05", "3天前", then
 * the date. `now` and the local calendar decide "today".
 */
export function lastSeenWords(iso: string | null, now: Date, t: Translate, locale: string): string {
  if (iso === null) return t('devices.when.never');
  const at = new Date(iso);
  const minutes = (now.getTime() - at.getTime()) / 60_000;
  if (minutes < 2) return t('devices.when.justNow');
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  const days = calendarDaysBetween(at, now);
  if (days <= 0) return t('devices.when.today', { values: { time } });
  if (days === 1) return t('devices.when.yesterday', { values: { time } });
  if (days < 30) return t('devices.when.daysAgo', { values: { count: days } });
  return at.toLocaleDateString(locale, { dateStyle: 'medium' });
}

function calendarDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000;
  return Math.round(day(to) - day(from));
}

/** A countdown as `m:ss`, never below 0:00. */
export function countdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
