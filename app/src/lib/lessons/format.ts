import { parseLocalDate } from '$lib/study/dates.ts';

/** "2025年5月3日" / "3 May 2025" for a `YYYY-MM-DD` lecture date; '' stays ''. */
export function formatLectureDate(value: string, locale: string): string {
  if (value === '') return '';
  const date = parseLocalDate(value);
  return date
    ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(
        date,
      )
    : value;
}

/** "5月3日 14:05" / "3 May, 14:05" for a moment (ms since epoch) — when a version was saved or a review made. */
export function formatMoment(at: number, locale: string, now: Date = new Date()): string {
  const date = new Date(at);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

/** "1,234" / "1,234" — character counts are long numbers on a small screen. */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
