import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import {
  mergePlanLists,
  parseServerPlans,
  readPlanIndex,
  upsertLocalPlan,
  writePlanIndex,
  type LocalPlan,
} from './plan-index.ts';

function local(id: string, patch: Partial<LocalPlan> = {}): LocalPlan {
  return {
    id,
    leadBranchId: 'office',
    branchIds: ['office', 'museum'],
    month: '2026-05',
    theme: `主题 ${id}`,
    date: '',
    status: 'draft',
    pending: false,
    refused: null,
    updatedAt: 1,
    ...patch,
  };
}

describe('mergePlanLists', () => {
  it('lists a plan created offline as only on this device until the server lists it', () => {
    const items = mergePlanLists([local('p1', { pending: true })], null);
    expect(items.map((p) => [p.id, p.where])).toEqual([['p1', 'device']]);
    const online = mergePlanLists([local('p1', { pending: true })], []);
    expect(online[0]?.where).toBe('device');
    expect(online[0]?.gone).toBe(false);
  });

  it('treats a pending plan the server already lists as registered (the POST answer was lost)', () => {
    const [item] = mergePlanLists(
      [local('p1', { pending: true })],
      [{ id: 'p1', leadBranchId: 'office', branchIds: ['office', 'museum'] }],
    );
    expect(item).toMatchObject({ id: 'p1', where: 'server', pending: false, theme: '主题 p1' });
  });

  it('adds server plans never opened here, without a month or theme yet', () => {
    const items = mergePlanLists(
      [local('p1')],
      [
        { id: 'p1', leadBranchId: 'office', branchIds: ['office', 'museum'] },
        { id: 'p2', leadBranchId: 'museum', branchIds: ['museum', 'office', 'dig'] },
      ],
    );
    expect(items.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(items[1]).toMatchObject({
      where: 'server',
      month: '',
      theme: '',
      leadBranchId: 'museum',
    });
  });

  it('keeps a registered plan the server stopped listing, marked gone; offline it is unknown', () => {
    expect(mergePlanLists([local('p1')], [])[0]).toMatchObject({ where: 'unknown', gone: true });
    expect(mergePlanLists([local('p1')], null)[0]).toMatchObject({ where: 'unknown', gone: false });
  });

  it('takes the branch list from the server, which decides access', () => {
    const [item] = mergePlanLists(
      [local('p1', { branchIds: ['office'] })],
      [{ id: 'p1', leadBranchId: 'office', branchIds: ['office', 'dig'] }],
    );
    expect(item?.branchIds).toEqual(['office', 'dig']);
  });

  it('orders newest month first, then most recently changed', () => {
    const items = mergePlanLists(
      [
        local('a', { month: '2026-04', updatedAt: 9 }),
        local('b', { month: '2026-05', updatedAt: 1 }),
        local('c', { month: '2026-05', updatedAt: 5 }),
      ],
      null,
    );
    expect(items.map((p) => p.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('the device index', () => {
  it('round-trips through storage per user and drops malformed entries', () => {
    const storage = memoryStorage();
    writePlanIndex(storage, 'u1', upsertLocalPlan([local('p1')], local('p2', { pending: true })));
    expect(readPlanIndex(storage, 'u1').map((p) => [p.id, p.pending])).toEqual([
      ['p1', false],
      ['p2', true],
    ]);
    expect(readPlanIndex(storage, 'u2')).toEqual([]);
    storage.setItem('branchbook.plans.u3', JSON.stringify([{ id: 'bad id!' }, local('ok')]));
    expect(readPlanIndex(storage, 'u3').map((p) => p.id)).toEqual(['ok']);
    storage.setItem('branchbook.plans.u4', '{not json');
    expect(readPlanIndex(storage, 'u4')).toEqual([]);
  });

  it('always counts the lead among the branches', () => {
    const storage = memoryStorage();
    storage.setItem(
      'branchbook.plans.u1',
      JSON.stringify([{ ...local('p1'), branchIds: ['museum'] }]),
    );
    expect(readPlanIndex(storage, 'u1')[0]?.branchIds).toEqual(['office', 'museum']);
  });
});

describe('parseServerPlans', () => {
  it('reads GET /api/plans with its schema, the lead among the branches', () => {
    expect(
      parseServerPlans({
        plans: [
          { id: 'p1', leadBranchId: 'a', branchIds: ['a', 'b'] },
          { id: 'p2', leadBranchId: 'c', branchIds: ['d'] },
        ],
      }),
    ).toEqual([
      { id: 'p1', leadBranchId: 'a', branchIds: ['a', 'b'] },
      { id: 'p2', leadBranchId: 'c', branchIds: ['c', 'd'] },
    ]);
  });

  it('refuses an answer that is off-contract, not guessing at its entries', () => {
    expect(() => parseServerPlans({})).toThrow();
    expect(() =>
      parseServerPlans({ plans: [{ id: '', leadBranchId: 'a', branchIds: [] }] }),
    ).toThrow(/plans\.0\.id/);
    expect(() => parseServerPlans({ plans: ['nonsense'] })).toThrow();
  });
});
