/**
 * The year a screen shows: `?year=2026` when it is a plausible calendar year, else this year.
 *
 * @example yearFromParam('2025', 2026) // 2025
 */
export function yearFromParam(value: string | null, thisYear: number): number {
  if (value === null || !/^\d{4}$/.test(value)) return thisYear;
  const year = Number(value);
  return year >= 1921 && year <= thisYear + 1 ? year : thisYear;
}

/** The years to offer: those with entries, plus this year, newest first. */
export function yearChoices(years: readonly number[], thisYear: number): number[] {
  return [...new Set([thisYear, ...years])].sort((a, b) => b - a);
}

/** The calendar years that have entries, newest first. */
export function yearsOf(entries: readonly { date: string }[]): number[] {
  const years = new Set<number>();
  for (const entry of entries) {
    const year = Number(entry.date.slice(0, 4));
    if (/^\d{4}-/.test(entry.date) && year > 0) years.add(year);
  }
  return [...years].sort((a, b) => b - a);
}
