import { COMMITTEE_DUTIES, isCommitteeDuty, type CommitteeDuty } from '@branchbook/model';

/**
 * The server's own records of who is who: users, branches, memberships and roles, party groups,
 * pairings, and which branches take part in a plan or which users write a lesson. Document access
 * is decided from these alone, never from document content. One interface, one implementation
 * per storage engine, and one conformance suite for all.
 */
export const ROLES = ['secretary', 'committee', 'member'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

export interface User {
  id: string;
  name: string;
}

export interface Branch {
  id: string;
  name: string;
}

export interface Membership {
  branchId: string;
  userId: string;
  role: Role;
  /** A committee member's portfolio (支委分工), when there is one; absent otherwise. */
  duty?: CommitteeDuty;
}

/** Refuses a duty that is not one, or one given to a plain member. */
export function checkDuty(member: Pick<Membership, 'role' | 'duty'>): void {
  if (member.duty === undefined) return;
  if (!isCommitteeDuty(member.duty))
    throw new AuthStoreError('invalid', `duty must be one of ${COMMITTEE_DUTIES.join(', ')}`);
  if (member.role === 'member')
    throw new AuthStoreError('invalid', 'only the secretary and committee members have a duty');
}

/** A membership row as both stores read it: duty NULL when there is none. */
export type MembershipRow = Omit<Membership, 'duty'> & { duty: string | null };

/** A membership as stored (duty NULL when none) for the API: no duty key when there is none. */
export function membershipOf<T extends Omit<Membership, 'duty'> & { duty: string | null }>(
  row: T,
): Omit<T, 'duty'> & { duty?: CommitteeDuty } {
  const { duty, ...rest } = row;
  return isCommitteeDuty(duty) ? { ...rest, duty } : rest;
}

export interface Pairing {
  id: string;
  branchIds: string[];
  /** Lead branch chosen for a month (`YYYY-MM`); months not listed follow `defaultLead`. */
  leads?: Record<string, string>;
}

/**
 * 每月确定一个牵头党支部: without an explicit choice the lead rotates through the pairing's
 * branches (sorted by id) month by month, so every branch leads in turn.
 */
export function defaultLead(branchIds: readonly string[], month: string): string | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || branchIds.length === 0) return undefined;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1;
  return [...branchIds].sort()[index % branchIds.length];
}

export interface Invite {
  branchId: string;
  role: Role;
  /** Set when the invite was made for a known user; else redeeming creates the user. */
  userId: string | null;
  expiresAt: number;
}

export interface PlanRecord {
  id: string;
  leadBranchId: string;
  branchIds: string[];
}

export interface LessonRecord {
  id: string;
  authorId: string;
  branchId: string;
  coAuthorIds: string[];
}

export interface AuthStore {
  addBranch(branch: Branch): Promise<Branch>;
  getBranch(id: string): Promise<Branch | null>;
  /** Creates the user if needed (with `name`) and sets their role in the branch. */
  addMember(member: Membership & { name: string }): Promise<Membership>;
  getUser(id: string): Promise<User | null>;
  membershipsOfUser(userId: string): Promise<Membership[]>;
  membersOfBranch(branchId: string): Promise<(Membership & { name: string })[]>;
  /** Pairs every given branch with every other; returns the pairing. */
  pair(branchIds: string[]): Promise<Pairing>;
  pairedBranches(branchId: string): Promise<string[]>;
  getPairing(id: string): Promise<Pairing | null>;
  /** Pairings a branch belongs to, with their chosen monthly leads. */
  pairingsOfBranch(branchId: string): Promise<Pairing[]>;
  setPairingLead(pairingId: string, month: string, branchId: string): Promise<void>;

  /** Stores only a hash of `token`. */
  addToken(userId: string, tokenHash: string, label: string): Promise<void>;
  /** The user of a live (not revoked) token hash. */
  userOfToken(tokenHash: string): Promise<string | null>;
  /** Revokes one token, or every token of a user; returns how many were revoked. */
  revokeToken(tokenHash: string): Promise<number>;
  revokeTokensOfUser(userId: string): Promise<number>;

  addInvite(codeHash: string, invite: Invite): Promise<void>;
  /** A usable invite (not used, not expired), without using it. */
  findInvite(codeHash: string, now: number): Promise<Invite | null>;
  /** Marks the invite used and returns it, atomically; null if unknown, used or expired. */
  takeInvite(codeHash: string, now: number): Promise<Invite | null>;

  addPlan(plan: PlanRecord): Promise<void>;
  getPlan(id: string): Promise<PlanRecord | null>;
  /** Replaces the participating branches; the lead branch always stays. */
  setPlanBranches(planId: string, branchIds: string[]): Promise<void>;
  plansOfBranch(branchId: string): Promise<PlanRecord[]>;
  addLesson(lesson: LessonRecord): Promise<void>;
  getLesson(id: string): Promise<LessonRecord | null>;
  setLessonCoAuthors(lessonId: string, userIds: string[]): Promise<void>;
  /**
   * Lessons a user works on: as author or co-author, and every draft of a branch whose committee
   * the user sits on (the committee reviews them).
   */
  lessonsOfUser(userId: string): Promise<LessonRecord[]>;
}

/** A refusal the admin CLI and the API turn into a clear message; `code` says which. */
export class AuthStoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'AuthStoreError';
  }
}
