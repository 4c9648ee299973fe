export interface MonthGroup<T> {
  /** `YYYY-MM`; entries without a valid date fall under `''`. */
  month: string;
  entries: T[];
}

/**
 * Groups dated items by calendar month, keeping their order (callers pass newest first), so the
 * months come out newest first too.
 */
export function groupByMonth<T extends { date: string }>(items: readonly T[]): MonthGroup<T>[] {
  const groups: MonthGroup<T>[] = [];
  const byMonth = new Map<string, MonthGroup<T>>();
  for (const item of items) {
    const month = /^\d{4}-\d{2}/.test(item.date) ? item.date.slice(0, 7) : '';
    let group = byMonth.get(month);
    if (!group) {
      group = { month, entries: [] };
      byMonth.set(month, group);
      groups.push(group);
    }
    group.entries.push(item);
  }
  return groups;
}

/**
 * The first whole months that hold at least `limit` entries between them (at least one month),
 * and how many entries are left out — a long log renders a page at a time, never a half month.
 */
export function firstMonths<T>(
  groups: readonly MonthGroup<T>[],
  limit: number,
): { shown: MonthGroup<T>[]; hiddenEntries: number } {
  const shown: MonthGroup<T>[] = [];
  let count = 0;
  let hiddenEntries = 0;
  for (const group of groups) {
    if (shown.length === 0 || count < limit) {
      shown.push(group);
      count += group.entries.length;
    } else {
      hiddenEntries += group.entries.length;
    }
  }
  return { shown, hiddenEntries };
}
