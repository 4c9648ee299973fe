import type { BranchMembership } from '$lib/auth/session.ts';
import { isCommitteeRole } from '$lib/auth/session.ts';

/**
 * What the signed-in user may do with a plan, from their branches and the plan's branch list —
 * the same rule the server applies (sync-server/src/auth/document-access.ts): members of every
 * participating branch read; the committee of any of them writes. The server drops a reader's
 * writes silently, so the editor must know before anyone types.
 */
export type PlanAccess = 'write' | 'read' | 'none';

/**
 * Whether the viewer records the budget check (八项规定): the discipline member (纪检委员) of a
 * participating branch, or a participating branch's secretary (small branches have no committee
 * portfolios; the secretary answers for their spending). Others who write the plan see who
 * checks. The server enforces writing the plan, not this split within it.
 */
export function mayCheckBudget(
  memberships: readonly BranchMembership[],
  planBranchIds: readonly string[],
): boolean {
  return memberships.some(
    (m) =>
      planBranchIds.includes(m.branchId) &&
      (m.role === 'secretary' || (m.role === 'committee' && m.duty === 'discipline')),
  );
}

export function planAccess(
  memberships: readonly BranchMembership[],
  planBranchIds: readonly string[],
): PlanAccess {
  const inPlan = memberships.filter((m) => planBranchIds.includes(m.branchId));
  if (inPlan.some((m) => isCommitteeRole(m.role))) return 'write';
  return inPlan.length > 0 ? 'read' : 'none';
}
