/** Today's calendar date on this device, `YYYY-MM-DD` — what a member means by "today". */
export function localDate(now: Date = new Date()): string {
  const y = String(now.getFullYear()).padStart(4, '0');
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Parses `YYYY-MM-DD` (or `YYYY-MM`) as a local date; null when it is not one. */
export function parseLocalDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? '1'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2025年11月" / "November 2025" for a `YYYY-MM` key. */
export function formatMonth(month: string, locale: string): string {
  const date = parseLocalDate(month);
  return date
    ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(date)
    : month;
}

/** "11月21日" / "21 November" for a `YYYY-MM-DD` date. */
export function formatDay(value: string, locale: string): string {
  const date = parseLocalDate(value);
  return date
    ? new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric' }).format(date)
    : value;
}

/** "2026年11月22日" / "22 November 2026" for a `YYYY-MM-DD` date — for signatures and print. */
export function formatFullDate(value: string, locale: string): string {
  const date = parseLocalDate(value);
  return date ? new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date) : value;
}

/** "5月3日 14:05" / "3 May, 14:05" for a moment (ms since epoch) — when a version was saved, a review made, an inbox event happened. */
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
