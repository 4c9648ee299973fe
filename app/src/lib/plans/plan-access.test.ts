import { describe, expect, it } from 'vitest';
import type { BranchMembership } from '$lib/auth/session.ts';
import { mayCheckBudget, planAccess } from './plan-access.ts';

describe('planAccess', () => {
  const plan = ['office', 'museum'];

  it('lets the committee of any participating branch write', () => {
    expect(planAccess([{ branchId: 'museum', name: 'M', role: 'committee' }], plan)).toBe('write');
    expect(planAccess([{ branchId: 'office', name: 'O', role: 'secretary' }], plan)).toBe('write');
  });

  it('lets plain members of participating branches read only', () => {
    expect(planAccess([{ branchId: 'office', name: 'O', role: 'member' }], plan)).toBe('read');
  });

  it('gives nothing to a branch outside the plan, even its secretary', () => {
    expect(planAccess([{ branchId: 'dig', name: 'D', role: 'secretary' }], plan)).toBe('none');
    expect(planAccess([], plan)).toBe('none');
  });

  it('uses the strongest role among several branches in the plan', () => {
    expect(
      planAccess(
        [
          { branchId: 'office', name: 'O', role: 'member' },
          { branchId: 'museum', name: 'M', role: 'committee' },
          { branchId: 'dig', name: 'D', role: 'secretary' },
        ],
        plan,
      ),
    ).toBe('write');
  });
});

describe('mayCheckBudget', () => {
  const plan = ['office', 'museum'];

  it("is the discipline member's or a secretary's, of a branch in the plan", () => {
    const discipline: BranchMembership = {
      ...{ branchId: 'museum', name: 'M', role: 'committee' },
      duty: 'discipline',
    };
    expect(mayCheckBudget([discipline], plan)).toBe(true);
    expect(mayCheckBudget([{ branchId: 'office', name: 'O', role: 'secretary' }], plan)).toBe(true);
  });

  it('is not for other committee members, plain members, or branches outside the plan', () => {
    const publicity: BranchMembership = {
      ...{ branchId: 'office', name: 'O', role: 'committee' },
      duty: 'publicity',
    };
    expect(mayCheckBudget([publicity], plan)).toBe(false);
    expect(mayCheckBudget([{ branchId: 'office', name: 'O', role: 'committee' }], plan)).toBe(
      false,
    );
    expect(mayCheckBudget([{ branchId: 'office', name: 'O', role: 'member' }], plan)).toBe(false);
    const elsewhere: BranchMembership = {
      ...{ branchId: 'dig', name: 'D', role: 'committee' },
      duty: 'discipline',
    };
    expect(mayCheckBudget([elsewhere], plan)).toBe(false);
  });
});
