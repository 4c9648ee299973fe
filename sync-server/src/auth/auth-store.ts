import {
  COMMITTEE_DUTIES,
  isCommitteeDuty,
  type CommitteeDuty,
  type InboxAudience,
  type MeetingFacts,
  type MeetingKind,
  type LessonReview,
  type ReviewStatus,
} from '@branchbook/model';
import type { InboxKind } from '@branchbook/protocol';

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
  /** Another institution's branch, paired through an invite: not in this directory. */
  outside?: boolean;
}

export interface Membership {
  branchId: string;
  userId: string;
  role: Role;
  /** A committee member's portfolio (支委分工), when there is one; absent otherwise. */
  duty?: CommitteeDuty;
  /** The branch is outside the institution (another's, paired through an invite). */
  outside?: boolean;
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

/**
 * A member as the branch's committee sees the roster: when they joined (null for memberships
 * older than the record), their party group (null for none), and how many devices are signed in
 * to the account (unrevoked tokens) — enough to tell two people of one name apart.
 */
export interface RosterEntry extends Membership {
  name: string;
  joinedAt: number | null;
  groupId: string | null;
  devices: number;
}

/** A member the secretary removed: their study log stays with the branch. */
export interface FormerMember {
  userId: string;
  name: string;
  role: Role;
  removedAt: number;
}

/** A party group (党小组) of a branch: its leader (党小组长) and its members. */
export interface PartyGroup {
  id: string;
  branchId: string;
  name: string;
  leaderUserId: string | null;
  memberIds: string[];
}

/** A change to a member: `undefined` keeps a value, `null` clears a duty or the group. */
export interface MemberChange {
  name?: string;
  role?: Role;
  duty?: CommitteeDuty | null;
  groupId?: string | null;
}

/** A branch's answer to a pairing: its proposer's branch and every yes are 'accepted'. */
export type PairingAnswer = 'accepted' | 'invited' | 'declined';

export interface Pairing {
  id: string;
  /** The branches in the pairing: those that accepted (the proposer's at once). */
  branchIds: string[];
  /** Lead branch chosen for a month (`YYYY-MM`); months not listed follow the model's `defaultLead`. */
  leads?: Record<string, string>;
  /** Branches asked that have not answered yet. */
  invitedIds?: string[];
  /** Who proposed it (a user id) from which branch, and when; none for pairings made at once. */
  proposedBy?: string;
  proposedBranchId?: string;
  createdAt?: number;
  /** When it ended (or the proposal was withdrawn, or every branch asked declined). */
  endedAt?: number;
}

export interface Invite {
  branchId: string;
  role: Role;
  /** Set when the invite was made for a known user; else redeeming creates the user. */
  userId: string | null;
  expiresAt: number;
  /** The id the app lists and revokes it by (invites made before issue 14 have none). */
  id?: string;
  /** Who it is for, as the inviter typed it: the new member's name unless they type another. */
  name?: string;
  /** The user who made it (none for the admin CLI's). */
  createdBy?: string;
  /**
   * A pairing invite: redeeming it creates an outside branch (named by the redeemer, who is its
   * secretary) paired with `branchId` at once.
   */
  pairing?: boolean;
  createdAt?: number;
}

/** An open invite as a branch's inviters see it: never its code (only its hash is stored). */
export interface OpenInvite {
  id: string;
  branchId: string;
  role: Role;
  name: string | null;
  expiresAt: number;
  createdAt: number;
}

/** A branch in the institution's directory: its name and headcount, never its roster. */
export interface DirectoryBranch {
  id: string;
  name: string;
  members: number;
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

/**
 * A registered lesson as the registry keeps it: with its review (the model's `LessonReview`
 * shape — `by` '' and `at` 0 before any change; `byName` the reviewer's name now).
 */
export interface RegisteredLesson extends LessonRecord {
  review: LessonReview;
}

/** A meeting record as the registry keeps it, with the facts that decide its access. */
export interface RegisteredMeeting extends MeetingFacts {
  id: string;
  groupId: string | null;
}

/** A live token as the server resolves it for a request or a socket. */
export interface TokenSession {
  userId: string;
  /** The token's public id: names the device in the API, never signs anyone in. */
  tokenId: string;
  /** When the token was last used (epoch ms; 0 before the first recorded use). */
  lastSeenAt: number;
}

/** A signed-in device of a user: one live token. */
export interface Device {
  id: string;
  /** What the device called itself at sign-in, or what the member typed; null: never named. */
  name: string | null;
  createdAt: number;
  /** Epoch ms; null: not used since it was made (or since this was recorded). */
  lastSeenAt: number | null;
}

/**
 * A change of the records that may change what an open connection may do: a user's token revoked
 * or membership changed (`userId`), or who takes part in a document (`doc`, a doc name).
 */
export interface AccessChange {
  seq: number;
  userId: string | null;
  doc: string | null;
}

export interface AuthStore {
  addBranch(branch: Branch): Promise<Branch>;
  getBranch(id: string): Promise<Branch | null>;
  /** The branches among `ids` that exist, in id order (one query, for lists). */
  branchesByIds(ids: readonly string[]): Promise<Branch[]>;
  /** Creates the user if needed (with `name`) and sets their role in the branch. */
  addMember(member: Membership & { name: string }): Promise<Membership>;
  getUser(id: string): Promise<User | null>;
  membershipsOfUser(userId: string): Promise<Membership[]>;
  membersOfBranch(branchId: string): Promise<(Membership & { name: string })[]>;
  /** Pairs every given branch with every other; returns the pairing. */
  pair(branchIds: string[]): Promise<Pairing>;
  /** Branches in a pairing with `branchId` that has not ended, both having accepted it. */
  pairedBranches(branchId: string): Promise<string[]>;
  getPairing(id: string): Promise<Pairing | null>;
  /**
   * Pairings that have not ended and that any of the branches accepted or is invited to (each
   * once), with their chosen monthly leads.
   */
  pairingsOfBranches(branchIds: readonly string[]): Promise<Pairing[]>;
  setPairingLead(pairingId: string, month: string, branchId: string): Promise<void>;
  /**
   * Proposes a pairing from `branchId` (the proposer's, accepted at once) with `others`: those in
   * `alsoAccepted` (other branches the proposer is secretary of) accept at once, the rest are
   * invited. Active as soon as two branches have accepted.
   */
  proposePairing(proposal: {
    by: string;
    branchId: string;
    others: readonly string[];
    alsoAccepted?: readonly string[];
  }): Promise<Pairing>;
  /**
   * Records an invited branch's answer; false when it is not invited (any more) or the pairing
   * ended. A proposal every invited branch declined, leaving fewer than two, ends.
   */
  answerPairing(
    pairingId: string,
    branchId: string,
    answer: { accept: boolean; by: string },
  ): Promise<boolean>;
  /** Ends a pairing (a proposal: withdraws it); false when it had ended already. */
  endPairing(pairingId: string, by: string): Promise<boolean>;
  /** Branches whose name contains `text` (every branch for ''), in name order, at most `limit`. */
  findBranches(text: string, limit: number): Promise<Branch[]>;

  /**
   * Stores only a hash of `token`; returns the token's public id (a device, in the API).
   * `deviceName`: what the device calls itself, when it said.
   */
  addToken(
    userId: string,
    tokenHash: string,
    label: string,
    deviceName?: string | null,
  ): Promise<string>;
  /** The user of a live (not revoked) token hash. */
  userOfToken(tokenHash: string): Promise<string | null>;
  /** The live token of a hash: its user, its public id and when it was last used (0: never). */
  sessionOfToken(tokenHash: string): Promise<TokenSession | null>;
  /** Records that the token was used at `at` (callers write it only every few minutes). */
  touchToken(tokenId: string, at: number): Promise<void>;
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
  /** Plans any of the branches takes part in (each once, in id order). */
  plansOfBranches(branchIds: readonly string[]): Promise<PlanRecord[]>;
  addLesson(lesson: LessonRecord): Promise<void>;
  getLesson(id: string): Promise<RegisteredLesson | null>;
  setLessonCoAuthors(lessonId: string, userIds: string[]): Promise<void>;
  /**
   * Lessons a user works on: as author or co-author, and every draft of a branch whose committee
   * the user sits on (the committee reviews them).
   */
  lessonsOfUser(userId: string): Promise<RegisteredLesson[]>;
  /**
   * Records a review change if the status is still `from` (so two reviewers acting at once
   * cannot both win); false when it was not.
   */
  setLessonReview(
    lessonId: string,
    from: ReviewStatus,
    change: { status: ReviewStatus; by: string; note: string; at: number },
  ): Promise<boolean>;

  /** Open invites of a branch (not used, not expired at `now`, made with an id), newest first. */
  openInvitesOfBranch(branchId: string, now: number): Promise<OpenInvite[]>;
  /** Revokes an open invite of the branch; false when there is no such open invite. */
  revokeInvite(branchId: string, id: string): Promise<boolean>;

  /** The institution's name, once set up (null before). */
  institution(): Promise<{ name: string } | null>;
  /** Names the institution (set up or renamed). */
  setInstitution(name: string): Promise<void>;
  /** Whether any user exists at all (an empty registry is a first start). */
  hasUsers(): Promise<boolean>;
  /** Whether the institution has an organiser. */
  hasOrganiser(): Promise<boolean>;
  isOrganiser(userId: string): Promise<boolean>;
  /** Creates the user if needed (with `name`) and makes them an organiser of the institution. */
  addOrganiser(user: User): Promise<void>;
  /** Every branch with its headcount, in name order (one query). */
  directory(): Promise<DirectoryBranch[]>;
  /** Makes `codeHash` the one setup code: every older one stops working. */
  replaceSetupCode(codeHash: string): Promise<void>;
  /** Uses up the setup code if it is the live one (then no setup code is left); false if not. */
  takeSetupCode(codeHash: string): Promise<boolean>;

  /** Registers a meeting record: its branch, kind, group (a group meeting), people (a talk). */
  addMeeting(meeting: {
    id: string;
    branchId: string;
    kind: MeetingKind;
    groupId: string | null;
    participantIds: readonly string[];
    createdBy: string;
  }): Promise<void>;
  getMeeting(id: string): Promise<RegisteredMeeting | null>;
  /** The meeting records of any of the branches, in id order (a fixed number of queries). */
  meetingsOfBranches(branchIds: readonly string[]): Promise<RegisteredMeeting[]>;

  /** Records events for the inbox (one row per audience). */
  recordEvents(events: readonly RegistryEvent[]): Promise<void>;
  /**
   * Events addressed to `userId` or to any of `branchIds` (members or committee: the caller
   * filters by role), not done by `userId` themselves: after `after` oldest first, or without it
   * the newest; at most `limit`.
   */
  eventsFor(
    userId: string,
    branchIds: readonly string[],
    options: { after?: number; limit: number },
  ): Promise<RecordedEvent[]>;
  /**
   * A user's devices: their live (unrevoked) tokens, oldest first. Every device method takes
   * the user: a device is only ever its own user's (another user's id is not found).
   */
  devicesOfUser(userId: string): Promise<Device[]>;
  /** Renames one of the user's devices; false when the user has no such live device. */
  renameDevice(userId: string, tokenId: string, name: string): Promise<boolean>;
  /** Revokes one of the user's devices (its token); false when the user has no such live device. */
  revokeDevice(userId: string, tokenId: string): Promise<boolean>;
  /** Sets a user's name (the one shown in every branch they belong to); false: no such user. */
  renameUser(userId: string, name: string): Promise<boolean>;
  /** Makes `codeHash` the user's one sign-in code, until `expiresAt`: an older one stops working. */
  replaceSignInCode(userId: string, codeHash: string, expiresAt: number): Promise<void>;
  /** Uses up a sign-in code (unused, not expired at `now`), atomically: its user, or null. */
  takeSignInCode(codeHash: string, now: number): Promise<string | null>;
  /** The branch's members with joined date, party group and device count, by name (one query). */
  rosterOfBranch(branchId: string): Promise<RosterEntry[]>;
  /** Members removed from the branch, by name (their logs stay with it). */
  formerMembersOfBranch(branchId: string): Promise<FormerMember[]>;
  /** Branches the user was removed from. */
  formerBranchesOfUser(userId: string): Promise<string[]>;
  /** The leaders of the party groups `userId` is in (none without a group or a leader). */
  groupLeadersOfUser(userId: string): Promise<string[]>;
  /**
   * Renames a member (their one name, in every branch), changes their role and duty, or moves
   * them to a group of the branch; a branch keeps at least one secretary ('last-secretary').
   */
  changeMember(branchId: string, userId: string, change: MemberChange): Promise<void>;
  /**
   * Removes a member: the membership goes, a former-member record stays (their log stays with the
   * branch), a group they led has no leader; with no branch left (and not the organiser) every
   * token of theirs is revoked. Returns how many tokens were revoked.
   */
  removeMember(branchId: string, userId: string, removedBy: string | null): Promise<number>;
  /** The branch's party groups with their members, by name. */
  groupsOfBranch(branchId: string): Promise<PartyGroup[]>;
  /** A new group; a leader is put into it. 'conflict' for a name the branch has. */
  addGroup(group: {
    id: string;
    branchId: string;
    name: string;
    leaderUserId: string | null;
  }): Promise<void>;
  /** Renames a group or names (or clears) its leader, who is put into it. */
  changeGroup(
    branchId: string,
    groupId: string,
    change: { name?: string; leaderUserId?: string | null },
  ): Promise<void>;
  /** Deletes a group; its members fall back to no group. */
  deleteGroup(branchId: string, groupId: string): Promise<void>;

  /** The sequence number of the newest access change (0 when there is none). */
  lastAccessChange(): Promise<number>;
  /** Access changes after `seq`, oldest first, at most `limit` (recorded by database triggers). */
  accessChangesSince(seq: number, limit: number): Promise<AccessChange[]>;
}

/** Something that happened in the registry, for the inbox of whom `audience` names. */
export interface RegistryEvent {
  kind: InboxKind;
  actorId: string;
  audience: InboxAudience;
  /** The plan, lesson or pairing it is about. */
  refId: string;
  /** The branch it is about (a plan's lead, a draft's branch), named when read. */
  aboutBranchId?: string;
  detail?: string;
  at: number;
}

/** A recorded event as read back: the actor and branch by their names now. */
export interface RecordedEvent {
  seq: number;
  at: number;
  kind: InboxKind;
  actorName: string;
  audience: InboxAudience;
  refId: string;
  branchName?: string;
  detail?: string;
}

/** A refusal the admin CLI and the API turn into a clear message; `code` says which. */
export class AuthStoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'invalid' | 'last-secretary',
    message: string,
  ) {
    super(message);
    this.name = 'AuthStoreError';
  }
}
