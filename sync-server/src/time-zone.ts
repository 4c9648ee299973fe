/** The institution's zone when `TZ` is unset: the app is for Party branches in China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether `Intl` knows `timeZone` (an IANA name such as `Asia/Shanghai`, or `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The month (`YYYY-MM`) it is at `at` on the institution's wall clock. Not UTC: from 00:00 to
 * 08:00 on the 1st it is already the new month in Beijing while UTC still says the old one.
 */
export function monthIn(timeZone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}
