import {
  studyTargetForRole,
  type BranchRole,
  type StudyTargets,
  type YearTotals,
} from '@branchbook/model';
import { roundHalf } from '$lib/shared/year-progress.ts';

/** A member's 学时 for one year, as the branch table and a party group's table show them. */
export interface StudyHoursRow {
  userId: string;
  name: string;
  /** Null while the member's log has not been loaded on this device yet. */
  counted: number | null;
  total: number | null;
  /** The secretary removed this member; their log stays with the branch (shown 已移出). */
  removed?: boolean;
}

/** The committee's row: also the member's role and the target for it. */
export interface BranchTableRow extends StudyHoursRow {
  role: BranchRole;
  target: number;
}

/**
 * Sorts people by name the way a Chinese reader expects (pinyin order via the `zh-CN` collator),
 * then by id so equal names keep a stable order. Alphabetical on purpose: the table must never
 * read as a ranking (DOMAIN.md, "What users hate").
 */
export function sortByName<T extends { name: string; userId: string }>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId),
  );
}

/** One row per member with their yearly 学时 (counted toward the target, and all), by name. */
export function studyHoursRows(
  members: readonly { userId: string; name: string; removed?: boolean }[],
  totalsOf: (userId: string) => YearTotals | null,
): StudyHoursRow[] {
  return sortByName(
    members.map((member) => {
      const totals = totalsOf(member.userId);
      return {
        userId: member.userId,
        name: member.name,
        counted: totals ? roundHalf(totals.counted) : null,
        total: totals ? roundHalf(totals.total) : null,
        ...(member.removed ? { removed: true } : {}),
      };
    }),
  );
}

/** One row per member with their yearly 学时 and the target for their role. */
export function branchTableRows(
  members: readonly { userId: string; name: string; role: BranchRole; removed?: boolean }[],
  totalsOf: (userId: string) => YearTotals | null,
  targets: StudyTargets,
): BranchTableRow[] {
  const roles = new Map(members.map((m) => [m.userId, m.role]));
  return studyHoursRows(members, totalsOf).map((row) => {
    const role = roles.get(row.userId) ?? 'member';
    return { ...row, role, target: studyTargetForRole(targets, role) };
  });
}
