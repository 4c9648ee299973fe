import { describe, expect, it } from 'vitest';
import { mayCheckBudget, planAccess } from './plan-access.ts';

// The rule itself is tested role by role in packages/model/src/access.test.ts; this checks the
// editor's words for it.
describe('planAccess', () => {
  const plan = ['office', 'museum'];

  it('says write, read or none', () => {
    expect(planAccess([{ branchId: 'museum', role: 'committee' }], plan)).toBe('write');
    expect(planAccess([{ branchId: 'office', role: 'member' }], plan)).toBe('read');
    expect(planAccess([{ branchId: 'dig', role: 'secretary' }], plan)).toBe('none');
  });
});

describe('mayCheckBudget', () => {
  it("is the discipline member's or a secretary's, of a branch in the plan", () => {
    const plan = ['office', 'museum'];
    expect(
      mayCheckBudget([{ branchId: 'museum', role: 'committee', duty: 'discipline' }], plan),
    ).toBe(true);
    expect(
      mayCheckBudget([{ branchId: 'museum', role: 'committee', duty: 'publicity' }], plan),
    ).toBe(false);
  });
});
