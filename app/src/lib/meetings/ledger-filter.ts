import { MEETING_KINDS, type LedgerFilter, type LedgerKind } from '@branchbook/model';

/** Every kind a ledger row can have, in the order the kind filter offers them. */
export const LEDGER_KINDS: readonly LedgerKind[] = [...MEETING_KINDS, 'jointPlan', 'other'];

/**
 * The ledger's filter from its address (`/meetings/ledger?year=2026&quarter=4&kind=general`), so
 * the print layout shows what the screen showed; anything unreadable falls back to the whole of
 * `thisYear`.
 */
export function ledgerFilterFromParams(params: URLSearchParams, thisYear: number): LedgerFilter {
  const yearText = params.get('year') ?? '';
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : thisYear;
  const quarter = Number(params.get('quarter'));
  const kind = LEDGER_KINDS.find((k) => k === params.get('kind'));
  return {
    year: year >= 1921 && year <= thisYear + 1 ? year : thisYear,
    ...([1, 2, 3, 4].includes(quarter) ? { quarter } : {}),
    ...(kind ? { kind } : {}),
  };
}

/** The query string of a filter, e.g. `?year=2026&quarter=4`. */
export function ledgerQuery(filter: LedgerFilter): string {
  const params = new URLSearchParams({ year: String(filter.year) });
  if (filter.quarter !== undefined) params.set('quarter', String(filter.quarter));
  if (filter.kind !== undefined) params.set('kind', filter.kind);
  return `?${params.toString()}`;
}

/** The binder's period from the same address (`?year=2026&quarter=4`); a kind is not its. */
export function binderQuery(filter: LedgerFilter): string {
  return ledgerQuery({
    year: filter.year,
    ...(filter.quarter !== undefined ? { quarter: filter.quarter } : {}),
  });
}
