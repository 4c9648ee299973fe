import { parseLocalDate } from '$lib/shared/dates.ts';

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

/** "1,234" / "1,234" — character counts are long numbers on a small screen. */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
