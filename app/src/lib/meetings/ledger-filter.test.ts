import { describe, expect, it } from 'vitest';
import { binderQuery, ledgerFilterFromParams, ledgerQuery } from './ledger-filter.ts';

describe('the ledger filter in the address', () => {
  it('reads year, quarter and kind, and writes them back', () => {
    const filter = ledgerFilterFromParams(
      new URLSearchParams('year=2025&quarter=4&kind=general'),
      2026,
    );
    expect(filter).toEqual({ year: 2025, quarter: 4, kind: 'general' });
    expect(ledgerQuery(filter)).toBe('?year=2025&quarter=4&kind=general');
    expect(ledgerQuery({ year: 2026 })).toBe('?year=2026');
  });

  it('falls back to the whole of this year for anything unreadable', () => {
    const params = new URLSearchParams('year=3000&quarter=5&kind=ranking');
    expect(ledgerFilterFromParams(params, 2026)).toEqual({ year: 2026 });
    expect(ledgerFilterFromParams(new URLSearchParams(''), 2026)).toEqual({ year: 2026 });
  });

  it('carries the year and quarter to the binder, not the kind', () => {
    expect(binderQuery({ year: 2025, quarter: 4, kind: 'general' })).toBe('?year=2025&quarter=4');
    expect(binderQuery({ year: 2026, kind: 'general' })).toBe('?year=2026');
  });
});
