import { may, rights, type PlanFacts, type SubjectMembership } from '@branchbook/model';

/**
 * What the signed-in user may do with a plan, in the editor's terms — decided by the one access
 * rule the server applies too (`rights` / `may` in packages/model/src/access.ts). The server drops
 * a reader's writes silently, so the editor must know before anyone types.
 */
export type PlanAccess = 'write' | 'read' | 'none';

/** A plan's facts from its branch list alone (the lead comes first; the rule reads only the list). */
function planFacts(planBranchIds: readonly string[]): PlanFacts {
  return { leadBranchId: planBranchIds[0] ?? '', branchIds: planBranchIds };
}

/** For plans the rule reads only memberships, so the user id is not needed. */
const subjectOf = (memberships: readonly SubjectMembership[]) => ({ userId: '', memberships });

export function planAccess(
  memberships: readonly SubjectMembership[],
  planBranchIds: readonly string[],
): PlanAccess {
  const granted = rights(
    subjectOf(memberships),
    { kind: 'plan', id: 'plan' },
    planFacts(planBranchIds),
  );
  return granted.write ? 'write' : granted.read ? 'read' : 'none';
}

/**
 * Whether the viewer records the budget check (八项规定): `plan.checkBudget` of the access rule.
 * Others who write the plan see who checks. The server enforces writing the plan, not this split.
 */
export function mayCheckBudget(
  memberships: readonly SubjectMembership[],
  planBranchIds: readonly string[],
): boolean {
  return may(subjectOf(memberships), 'plan.checkBudget', planFacts(planBranchIds));
}
