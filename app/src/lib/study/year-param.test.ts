import { describe, expect, it } from 'vitest';
import { yearChoices, yearFromParam, yearsOf } from './year-param.ts';

describe('yearFromParam', () => {
  it('takes a plausible year and falls back to this year', () => {
    expect(yearFromParam('2025', 2026)).toBe(2025);
    expect(yearFromParam(null, 2026)).toBe(2026);
    expect(yearFromParam('26', 2026)).toBe(2026);
    expect(yearFromParam('3000', 2026)).toBe(2026);
    expect(yearFromParam('1900', 2026)).toBe(2026);
  });
});

describe('yearChoices', () => {
  it('always offers this year, newest first, once each', () => {
    expect(yearChoices([2024, 2026, 2025], 2026)).toEqual([2026, 2025, 2024]);
    expect(yearChoices([], 2026)).toEqual([2026]);
  });
});

describe('yearsOf', () => {
  it('lists the years that have entries, newest first', () => {
    expect(
      yearsOf([
        { date: '2025-01-02' },
        { date: '2026-03-04' },
        { date: '' },
        { date: '2025-12-31' },
      ]),
    ).toEqual([2026, 2025]);
  });
});
