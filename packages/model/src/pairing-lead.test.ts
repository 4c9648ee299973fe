import { describe, expect, it } from 'vitest';
import { defaultLead, leadOfMonth, monthsFrom } from './pairing-lead.ts';

describe('the monthly lead of a pairing', () => {
  it('rotates through the branches sorted by id, one month each', () => {
    const months = monthsFrom('2026-11', 6);
    const leads = months.map((m) => defaultLead(['c', 'a', 'b'], m));
    expect(new Set(leads.slice(0, 3))).toEqual(new Set(['a', 'b', 'c']));
    expect(leads.slice(3)).toEqual(leads.slice(0, 3));
    // The order of the ids given does not matter.
    expect(months.map((m) => defaultLead(['b', 'c', 'a'], m))).toEqual(leads);
  });

  it('names nobody for no branches or a malformed month', () => {
    expect(defaultLead([], '2026-05')).toBeUndefined();
    expect(defaultLead(['a', 'b'], '2026-5')).toBeUndefined();
  });

  it('takes a chosen lead over the rotation, unless it left the pairing', () => {
    const rotation = defaultLead(['a', 'b'], '2026-05');
    const other = rotation === 'a' ? 'b' : 'a';
    expect(leadOfMonth(['a', 'b'], { '2026-05': other }, '2026-05')).toBe(other);
    expect(leadOfMonth(['a', 'b'], { '2026-05': 'gone' }, '2026-05')).toBe(rotation);
    expect(leadOfMonth(['a', 'b'], {}, '2026-05')).toBe(rotation);
  });

  it('counts months across a year end', () => {
    expect(monthsFrom('2026-11', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthsFrom('2026-01', 1)).toEqual(['2026-01']);
    expect(monthsFrom('nope', 2)).toEqual([]);
  });
});
