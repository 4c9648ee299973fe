import type { JointPlan, RoleAssignment } from '@branchbook/model';

/**
 * Names offered when assigning a plan role (主持人, 领学人 …). Only names already written into
 * this plan (roles, agenda owners, agreed-item owners, branch contacts), the user's own name, and
 * — if the device has it — the user's own branch roster: never another branch's roster (DOMAIN.md,
 * "Who may see what"). Anyone else is typed.
 */
export interface NameOption {
  name: string;
  /** The branch the name is known to belong to, if any. */
  branchId: string | null;
}

export function roleNameOptions(
  plan: JointPlan,
  me: { name: string; branchId: string | null },
  ownRoster: readonly { name: string }[] = [],
): NameOption[] {
  const options = new Map<string, NameOption>();
  const add = (name: string, branchId: string | null) => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    const known = options.get(trimmed);
    if (!known || (known.branchId === null && branchId !== null)) {
      options.set(trimmed, { name: trimmed, branchId });
    }
  };
  add(me.name, me.branchId);
  for (const assignment of Object.values(plan.roles)) {
    if (assignment) add(assignment.name, assignment.branchId);
  }
  for (const branch of plan.branches) add(branch.contactName, branch.branchId);
  for (const member of ownRoster) add(member.name, me.branchId);
  for (const item of plan.agenda) add(item.owner, null);
  for (const item of plan.agreedItems) add(item.owner, null);
  return [...options.values()];
}

/**
 * The branch to record with a name typed or picked for a role: the one the name is known to
 * belong to when that branch takes part, else the branch the form had chosen, else the lead.
 */
export function branchForName(
  name: string,
  options: readonly NameOption[],
  plan: Pick<JointPlan, 'branches' | 'leadBranchId'>,
  chosen: string | null,
): string {
  const participating = new Set(plan.branches.map((b) => b.branchId));
  const known = options.find((o) => o.name === name.trim())?.branchId;
  if (known && participating.has(known)) return known;
  if (chosen && participating.has(chosen)) return chosen;
  return plan.leadBranchId;
}

/** A role assignment as one line, e.g. "张明（考古所党支部）". */
export function describeAssignment(
  assignment: RoleAssignment,
  branchName: (id: string) => string,
): string {
  return `${assignment.name}（${branchName(assignment.branchId)}）`;
}
