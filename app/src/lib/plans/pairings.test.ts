import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import {
  branchNameMap,
  monthLead,
  newPlanChoices,
  pairingStateWith,
  parsePairings,
  parsePairingsAnswer,
  readCachedPairings,
  readCachedPairingsAnswer,
  sortProposals,
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
  proposals: [
    {
      id: 'pr2',
      from: { id: 'office', name: '办公室党支部' },
      proposedBy: '李书记',
      proposedAt: '2026-05-02T08:00:00.000Z',
      accepted: [{ id: 'office', name: '办公室党支部' }],
      invited: [{ id: 'dig', name: '考古工地临时党支部' }],
    },
  ],
};

describe('parsePairings', () => {
  it('keeps the chosen leads only: the rotation is the model’s, as the server’s', () => {
    const [pairing] = parsePairings(body);
    expect(pairing?.leads).toEqual({ '2026-06': 'office' });
    expect(pairing?.branches.map((b) => b.name)).toEqual(['办公室党支部', '博物馆党支部']);
    // The answer named museum for May by rotation; the device computes the same.
    expect(pairing && monthLead(pairing, '2026-05')).toBe('museum');
  });

  it('reads the proposals, and a device copy from before them as none', () => {
    expect(parsePairingsAnswer(body).proposals.map((p) => p.from.name)).toEqual(['办公室党支部']);
    expect(parsePairingsAnswer({ pairings: [] })).toEqual({ pairings: [], proposals: [] });
  });

  it('refuses what is neither the answer nor the device copy', () => {
    expect(() => parsePairings({})).toThrow();
    expect(() =>
      parsePairings({ pairings: [{ id: 'x', branches: [{ id: 'a' }], leads: {} }] }),
    ).toThrow(/name/);
    expect(() =>
      parsePairings({
        pairings: [{ id: 'x', branches: [], leads: { '2026-1': 'a' } }],
      }),
    ).toThrow();
  });

  it('drops leads that are not branches of the pairing, and pairings of one branch', () => {
    const pairings = parsePairings({
      pairings: [
        {
          id: 'x',
          branches: [
            { id: 'a', name: 'A' },
            { id: 'b', name: '' },
          ],
          leads: { '2026-01': 'z' },
        },
        { id: 'y', branches: [{ id: 'a', name: 'A' }], leads: {} },
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
    const answer = parsePairingsAnswer(body);
    writeCachedPairings(storage, 'u1', answer.pairings, answer.proposals);
    expect(readCachedPairingsAnswer(storage, 'u1')).toEqual(answer);
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

describe('sorting proposals for the pairings screen', () => {
  const proposal = (id: string, accepted: string[], invited: string[]) => ({
    id,
    from: { id: accepted[0] ?? '', name: accepted[0] ?? '' },
    proposedBy: '李书记',
    proposedAt: '2026-05-02T08:00:00.000Z',
    accepted: accepted.map((b) => ({ id: b, name: b })),
    invited: invited.map((b) => ({ id: b, name: b })),
  });
  const me = [{ branchId: 'office', name: '办公室党支部', role: 'secretary' as const }];

  it('puts those asking our branch first, and ours waiting for others apart', () => {
    const { toUs, waiting } = sortProposals(
      [
        proposal('in', ['museum'], ['office']),
        proposal('out', ['office'], ['museum']),
        proposal('x', ['office', 'museum'], ['dig']),
      ],
      me,
    );
    expect(toUs.map((t) => [t.proposal.id, t.asked])).toEqual([['in', ['office']]]);
    expect(waiting.map((p) => p.id)).toEqual(['out', 'x']);
  });

  it('knows which found branches are paired or asked already', () => {
    const [pairing] = parsePairings(body) as [Pairing];
    const asked = [proposal('out', ['office'], ['dig'])];
    expect(pairingStateWith('office', 'museum', [pairing], asked)).toBe('paired');
    expect(pairingStateWith('office', 'dig', [pairing], asked)).toBe('asked');
    expect(pairingStateWith('office', 'zoo', [pairing], asked)).toBeNull();
  });
});
