import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import {
  branchNameMap,
  monthLead,
  newPlanChoices,
  parsePairings,
  readCachedPairings,
  writeCachedPairings,
  type Pairing,
} from './pairings.ts';

const body = {
  pairings: [
    {
      id: 'pr1',
      branches: [
        { id: 'office', name: '办公室党支部' },
        { id: 'museum', name: '博物馆党支部' },
      ],
      month: '2026-05',
      lead: 'museum',
      leads: { '2026-06': 'office' },
    },
  ],
};

describe('parsePairings', () => {
  it('keeps the asked month’s lead with the chosen ones', () => {
    const [pairing] = parsePairings(body);
    expect(pairing?.leads).toEqual({ '2026-06': 'office', '2026-05': 'museum' });
    expect(pairing?.branches.map((b) => b.name)).toEqual(['办公室党支部', '博物馆党支部']);
  });

  it('drops leads that are not branches of the pairing, and pairings of one branch', () => {
    const pairings = parsePairings({
      pairings: [
        { id: 'x', branches: [{ id: 'a', name: 'A' }, { id: 'b' }], leads: { '2026-01': 'z' } },
        { id: 'y', branches: [{ id: 'a', name: 'A' }] },
      ],
    });
    expect(pairings).toEqual([
      {
        id: 'x',
        branches: [
          { id: 'a', name: 'A' },
          { id: 'b', name: 'b' },
        ],
        leads: {},
      },
    ]);
  });
});

describe('monthLead', () => {
  const pairing: Pairing = {
    id: 'p',
    branches: [
      { id: 'b', name: 'B' },
      { id: 'a', name: 'A' },
    ],
    leads: { '2026-03': 'b' },
  };

  it('rotates through the branches by id, one month each, like the server', () => {
    // index = 2026 * 12 + month - 1; sorted ids [a, b]
    expect(monthLead(pairing, '2026-01')).toBe('a');
    expect(monthLead(pairing, '2026-02')).toBe('b');
    expect(monthLead(pairing, '2026-04')).toBe('b');
  });

  it('uses the lead chosen for the month', () => {
    expect(monthLead(pairing, '2026-03')).toBe('b');
  });
});

describe('newPlanChoices', () => {
  const [pairing] = parsePairings(body) as [Pairing];

  it('proposes the month’s lead when the user sits on its committee', () => {
    const [choice] = newPlanChoices(
      [pairing],
      [
        { branchId: 'museum', name: '博物馆党支部', role: 'committee' },
        { branchId: 'office', name: '办公室党支部', role: 'secretary' },
      ],
      '2026-05',
    );
    expect(choice).toMatchObject({ monthLead: 'museum', defaultLead: 'museum' });
    expect(choice?.leadOptions).toEqual(['office', 'museum']);
  });

  it('falls back to the user’s own branch when another branch leads that month', () => {
    const [choice] = newPlanChoices(
      [pairing],
      [{ branchId: 'office', name: '办公室党支部', role: 'committee' }],
      '2026-05',
    );
    expect(choice).toMatchObject({ monthLead: 'museum', defaultLead: 'office' });
  });

  it('offers nothing to a plain member', () => {
    expect(
      newPlanChoices(
        [pairing],
        [{ branchId: 'office', name: '办公室', role: 'member' }],
        '2026-05',
      ),
    ).toEqual([]);
  });
});

describe('the pairing cache', () => {
  it('round-trips per user', () => {
    const storage = memoryStorage();
    writeCachedPairings(storage, 'u1', parsePairings(body));
    expect(readCachedPairings(storage, 'u1')).toEqual(parsePairings(body));
    expect(readCachedPairings(storage, 'u2')).toBeNull();
  });

  it('names branches from pairings and memberships', () => {
    const names = branchNameMap(
      [{ branchId: 'dig', name: '考古工地临时党支部', role: 'member' }],
      parsePairings(body),
    );
    expect(names.get('dig')).toBe('考古工地临时党支部');
    expect(names.get('museum')).toBe('博物馆党支部');
  });
});
