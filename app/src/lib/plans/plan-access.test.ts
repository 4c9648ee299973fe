import { describe, expect, it } from 'vitest';
import { planAccess } from './plan-access.ts';

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
