/**
 * 每月确定一个牵头党支部: without an explicit choice the lead of a pairing rotates through its
 * branches (sorted by id) month by month, so every branch leads in turn. The one statement of the
 * rotation: the server answers with it, the app shows the coming months with it offline.
 *
 * @example defaultLead(['b', 'a'], '2026-05') // 'b' (index (2026 × 12 + 4) mod 2 = 1 of a, b)
 */
export function defaultLead(branchIds: readonly string[], month: string): string | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || branchIds.length === 0) return undefined;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1;
  return [...branchIds].sort()[index % branchIds.length];
}

/** The month's lead: the one chosen for it (when it is still one of the branches), else the rotation. */
export function leadOfMonth(
  branchIds: readonly string[],
  chosen: Readonly<Record<string, string>>,
  month: string,
): string | undefined {
  const pick = chosen[month];
  return pick !== undefined && branchIds.includes(pick) ? pick : defaultLead(branchIds, month);
}

/**
 * `count` months from `month` on (`YYYY-MM`), for "the coming months".
 *
 * @example monthsFrom('2026-11', 3) // ['2026-11', '2026-12', '2027-01']
 */
export function monthsFrom(month: string, count: number): string[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return [];
  const start = Number(match[1]) * 12 + Number(match[2]) - 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => {
    const index = start + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}
