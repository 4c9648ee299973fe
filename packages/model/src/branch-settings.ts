import type * as Y from 'yjs';
import { STUDY_FORMS, countsByDefault, type StudyForm } from './study-log.ts';

/**
 * Branch settings in `branch:<branchId>` (a root-level `Y.Map` named `settings`). Only the branch
 * committee writes this doc (the server enforces it). Targets are settings, not constants
 * (DOMAIN.md: members ≥ 32 学时 a year, secretary and committee ≥ 56 — the usual reading, which a
 * branch may change). Defaults are applied when reading and never written, so a device that only
 * reads can never overwrite a value the secretary set offline.
 */
export const BRANCH_ROLES = ['secretary', 'committee', 'member'] as const;
export type BranchRole = (typeof BRANCH_ROLES)[number];

/**
 * A committee member's portfolio (支委分工): 副书记, 组织委员, 宣传委员, 纪检委员 (the
 * secretary is a role of its own). The discipline member checks joint plans' spending.
 */
export const COMMITTEE_DUTIES = ['deputy', 'organisation', 'publicity', 'discipline'] as const;
export type CommitteeDuty = (typeof COMMITTEE_DUTIES)[number];

export function isCommitteeDuty(value: unknown): value is CommitteeDuty {
  return (COMMITTEE_DUTIES as readonly unknown[]).includes(value);
}

export interface StudyTargets {
  /** 学时 a year for members. */
  memberTarget: number;
  /** 学时 a year for the secretary and committee members. */
  committeeTarget: number;
}

export type StudyTargetKey = keyof StudyTargets;

export const DEFAULT_STUDY_TARGETS: Readonly<StudyTargets> = {
  memberTarget: 32,
  committeeTarget: 56,
};

/** A year has 8,760 hours; a target past 1,000 学时 is a typo, not a plan. */
const MAX_TARGET = 1000;

export function isBranchRole(value: unknown): value is BranchRole {
  return (BRANCH_ROLES as readonly unknown[]).includes(value);
}

export function branchSettings(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('settings');
}

export function isValidStudyTarget(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= MAX_TARGET;
}

function readTarget(value: unknown, fallback: number): number {
  return typeof value === 'number' && isValidStudyTarget(value) ? value : fallback;
}

/** The branch's yearly study targets, with the defaults where none is set (or a bad value is). */
export function readStudyTargets(doc: Y.Doc): StudyTargets {
  const settings = branchSettings(doc);
  return {
    memberTarget: readTarget(settings.get('memberTarget'), DEFAULT_STUDY_TARGETS.memberTarget),
    committeeTarget: readTarget(
      settings.get('committeeTarget'),
      DEFAULT_STUDY_TARGETS.committeeTarget,
    ),
  };
}

/** Sets one target, or clears it back to the default with `null`. Throws on a value out of range. */
export function setStudyTarget(doc: Y.Doc, key: StudyTargetKey, value: number | null): void {
  const settings = branchSettings(doc);
  if (value === null) {
    settings.delete(key);
    return;
  }
  if (!isValidStudyTarget(value)) throw new RangeError(`study target out of range: ${value}`);
  if (settings.get(key) !== value) settings.set(key, value);
}

/**
 * The yearly target that applies to a role: the committee target for the secretary and committee
 * members, the member target for everyone else.
 *
 * @example studyTargetForRole({ memberTarget: 32, committeeTarget: 56 }, 'secretary') // 56
 */
export function studyTargetForRole(targets: StudyTargets, role: BranchRole): number {
  return role === 'member' ? targets.memberTarget : targets.committeeTarget;
}

/**
 * How a branch counts study toward its yearly targets: the targets, and which forms of study
 * count unless an entry is set otherwise by hand. The forms follow the model's rule
 * (`countsByDefault`: group study and training count, 个人自学 and 线上学习 do not); the settings
 * hold no per-form choice yet, so every screen that explains the counting reads it here, with the
 * targets it applies to, instead of wording it on its own.
 */
export interface StudyCountingRule {
  targets: StudyTargets;
  /** Forms that count by default, in the order of `STUDY_FORMS`. */
  counted: StudyForm[];
  /** Forms that do not count by default, in the order of `STUDY_FORMS`. */
  notCounted: StudyForm[];
}

/** The counting rule for these targets. */
export function studyCountingRule(targets: StudyTargets): StudyCountingRule {
  return {
    targets: { ...targets },
    counted: STUDY_FORMS.filter((form) => countsByDefault(form)),
    notCounted: STUDY_FORMS.filter((form) => !countsByDefault(form)),
  };
}

/** The branch's counting rule, read from `branch:<id>` with the default targets where none is set. */
export function readStudyCountingRule(doc: Y.Doc): StudyCountingRule {
  return studyCountingRule(readStudyTargets(doc));
}
