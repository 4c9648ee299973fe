import { describe, expect, it } from 'vitest';
import {
  MAX_DOC_NAME_LENGTH,
  describeDocNameError,
  formatDocName,
  parseDocName,
  parseYearPlanId,
  yearPlanId,
} from './doc-name.ts';

describe('parseDocName', () => {
  it.each([
    ['branch:b-1', 'branch', 'b-1'],
    ['study:01HZY3QK8Q2J0V7W6X5Y4Z3A2B', 'study', '01HZY3QK8Q2J0V7W6X5Y4Z3A2B'],
    ['plan:p_9', 'plan', 'p_9'],
    ['lesson:L1', 'lesson', 'L1'],
    ['yearplan:kgs-2026', 'yearplan', 'kgs-2026'],
  ])('accepts %s', (name, kind, id) => {
    expect(parseDocName(name)).toEqual({ ok: true, value: { kind, id } });
  });

  it.each([
    ['', 'empty'],
    ['study', 'missing-separator'],
    ['notes:x', 'unknown-kind'],
    ['study:', 'bad-id'],
    ['study:../etc', 'bad-id'],
    ['study:a b', 'bad-id'],
    ['study:-leading', 'bad-id'],
    [`study:${'x'.repeat(100)}`, 'too-long'],
    ['yearplan:kgs', 'bad-id'],
    ['yearplan:kgs-26', 'bad-id'],
    ['yearplan:kgs:2026', 'bad-id'],
    ['yearplan:-2026', 'bad-id'],
    ['yearplan:kgs-0999', 'bad-id'],
  ])('refuses %j with %s', (name, code) => {
    const result = parseDocName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(describeDocNameError(result.error)).toMatch(/\w/);
    }
  });

  it('round-trips through formatDocName', () => {
    expect(formatDocName({ kind: 'plan', id: 'abc' })).toBe('plan:abc');
    expect(() => formatDocName({ kind: 'plan', id: 'a:b' })).toThrow();
  });
});

describe('year plan names: yearplan:<branchId>-<year>', () => {
  it('formats and parses back into the branch and the year', () => {
    expect(yearPlanId('kgs', 2026)).toBe('kgs-2026');
    expect(parseYearPlanId('kgs-2026')).toEqual({ branchId: 'kgs', year: 2026 });
    expect(formatDocName({ kind: 'yearplan', id: yearPlanId('kgs', 2026) })).toBe(
      'yearplan:kgs-2026',
    );
  });

  it('splits at the last "-", so branch ids with "-" (or that end in digits) stay whole', () => {
    expect(parseYearPlanId('kgs-1-2026')).toEqual({ branchId: 'kgs-1', year: 2026 });
    expect(parseYearPlanId('b-2025-2026')).toEqual({ branchId: 'b-2025', year: 2026 });
    expect(parseYearPlanId('b_x-2027')).toEqual({ branchId: 'b_x', year: 2027 });
    for (const branchId of ['kgs', 'kgs-1', 'b-2025', '01HZY3QK8Q2J0V7W6X5Y4Z3A2B', 'x'.repeat(64)])
      for (const year of [1999, 2026, 9999])
        expect(parseYearPlanId(yearPlanId(branchId, year))).toEqual({ branchId, year });
  });

  it('fits the longest branch id in a document name', () => {
    const name = formatDocName({ kind: 'yearplan', id: yearPlanId('x'.repeat(64), 2026) });
    expect(name.length).toBeLessThanOrEqual(MAX_DOC_NAME_LENGTH);
    expect(parseDocName(name)).toEqual({
      ok: true,
      value: { kind: 'yearplan', id: `${'x'.repeat(64)}-2026` },
    });
  });

  it('names no year plan for an id or year that is not one', () => {
    expect(parseYearPlanId('kgs')).toBeNull();
    expect(parseYearPlanId('a b-2026')).toBeNull();
    expect(parseYearPlanId(`${'x'.repeat(65)}-2026`)).toBeNull();
    expect(() => yearPlanId('a:b', 2026)).toThrow();
    expect(() => yearPlanId('kgs', 26)).toThrow();
    expect(() => yearPlanId('kgs', 2026.5)).toThrow();
    // Other kinds keep the plain id: no year plan id is a study log's.
    expect(() => formatDocName({ kind: 'study', id: `${'x'.repeat(64)}-2026` })).toThrow();
  });
});
