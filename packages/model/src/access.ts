import type { BranchRole, CommitteeDuty } from './branch-settings.ts';
import { parseYearPlanId, type DocKind, type DocName } from './doc-name.ts';
import type { MeetingKind } from './meeting-record.ts';

/**
 * Who may do what — the one statement of DESIGN.md's access table. The server's WebSocket gate,
 * its API routes and the app (edit or read-only, which buttons to show) all ask these functions;
 * nobody restates the rule. Decided from registry facts only (the server's records of branches,
 * memberships, plans and lessons), never from document content, which any writer could forge.
 *
 * | doc           | read                                              | write                        |
 * |---------------|---------------------------------------------------|------------------------------|
 * | branch:<b>    | members of b                                      | secretary, committee of b    |
 * | study:<u>     | u; secretary and committee of u's branches        | u                            |
 * |               | (and of branches u was removed from: read only);  |                              |
 * |               | the leader of u's party group                     |                              |
 * | plan:<p>      | members of every participating branch             | committee of those branches  |
 * | lesson:<l>    | author, co-authors, committee of author's branch  | author, co-authors           |
 * | yearplan:<b>-<y> | members of b (never a paired branch)           | secretary, committee of b    |
 *
 * The committee reviews a lesson draft through the registry (`lesson.review`), not by writing it.
 *
 * @example
 * rights(me, { kind: 'plan', id: 'p1' }, { leadBranchId: 'a', branchIds: ['a', 'b'] })
 * // → { read: true, write: false } for a plain member of b
 */

/** One of the subject's branch memberships, as the registry states it. */
export interface SubjectMembership {
  readonly branchId: string;
  readonly role: BranchRole;
  readonly duty?: CommitteeDuty;
  /**
   * The branch is another institution's, paired with one of ours through a pairing invite: it
   * runs itself and its pairings, but never sees or searches this institution's directory.
   */
  readonly outside?: boolean;
}

/**
 * The signed-in person asking: their user id, every branch they belong to, and whether they are
 * the institution's organiser (机关党委 / 党委组织员) — a role above the branches, not a membership:
 * it sees the branch directory and headcounts and invites secretaries, and gives nothing on any
 * document (no study log, draft or plan of a branch).
 */
export interface Subject {
  readonly userId: string;
  readonly memberships: readonly SubjectMembership[];
  readonly organiser?: boolean;
}

/**
 * Registry facts about a study log's owner: the branches they belong to, and the branches the
 * secretary removed them from — their record stays with the branch (its committee still reads it
 * for the branch's table and export), read-only like any member's.
 */
export interface StudyFacts {
  readonly ownerBranchIds: readonly string[];
  readonly formerBranchIds?: readonly string[];
  /**
   * The leaders (党小组长) of the party groups the owner is in: a leader reads the logs of her
   * group's members (DOMAIN.md: "own group's attendance and logs"), read-only.
   */
  readonly groupLeaderIds?: readonly string[];
}

/** Registry facts about a plan: its lead branch and every participating branch (lead included). */
export interface PlanFacts {
  readonly leadBranchId: string;
  readonly branchIds: readonly string[];
}

/** Registry facts about a lesson draft: its author, co-authors and the author's branch. */
export interface LessonFacts {
  readonly authorId: string;
  readonly coAuthorIds: readonly string[];
  readonly branchId: string;
}

/**
 * Registry facts about a meeting record: its branch and kind, for a group meeting the group (its
 * leader and members), for a heart-to-heart talk (谈心谈话) the two people.
 */
export interface MeetingFacts {
  readonly branchId: string;
  readonly kind: MeetingKind;
  readonly groupLeaderId: string | null;
  readonly groupMemberIds: readonly string[];
  readonly participantIds: readonly string[];
}

/** Meeting kinds whose record every member of the branch reads (DOMAIN.md, "Who may see what"). */
const OPEN_MEETINGS: readonly MeetingKind[] = [
  'general',
  'lecture',
  'themeDay',
  'study',
  'lifeMeeting',
];

/**
 * What `rights` needs to know about a document of each kind (`branch:` and `yearplan:` need
 * nothing: their name says whose they are).
 */
export interface DocFacts {
  branch: Record<string, never>;
  study: StudyFacts;
  plan: PlanFacts;
  lesson: LessonFacts;
  meeting: MeetingFacts;
  yearplan: Record<string, never>;
}

export interface Rights {
  readonly read: boolean;
  readonly write: boolean;
}

const NONE: Rights = { read: false, write: false };

export function isCommitteeRole(role: BranchRole): boolean {
  return role === 'secretary' || role === 'committee';
}

function membershipIn(subject: Subject, branchId: string): SubjectMembership | undefined {
  return subject.memberships.find((m) => m.branchId === branchId);
}

function isMemberOf(subject: Subject, branchId: string): boolean {
  return membershipIn(subject, branchId) !== undefined;
}

function isCommitteeOf(subject: Subject, branchId: string): boolean {
  const m = membershipIn(subject, branchId);
  return m !== undefined && isCommitteeRole(m.role);
}

function isSecretaryOf(subject: Subject, branchId: string): boolean {
  return membershipIn(subject, branchId)?.role === 'secretary';
}

/** A secretary of one of the institution's own branches (not an outside one). */
function isInsideSecretaryOf(subject: Subject, branchId: string): boolean {
  const m = membershipIn(subject, branchId);
  return m?.role === 'secretary' && m.outside !== true;
}

/** The branch's 组织委员: the committee member whose duty is the branch's records and members. */
function isOrganisationMemberOf(subject: Subject, branchId: string): boolean {
  const m = membershipIn(subject, branchId);
  return m?.role === 'committee' && m.duty === 'organisation';
}

function isLessonWriter(subject: Subject, lesson: LessonFacts): boolean {
  return lesson.authorId === subject.userId || lesson.coAuthorIds.includes(subject.userId);
}

/**
 * A meeting record: the branch's committee reads and writes every kind, except a talk (谈心谈话),
 * which is the two people's and the secretary's. Beyond the committee: general meetings, lectures,
 * theme days, study sessions and 组织生活会 are read by every member; a group meeting is read by
 * the group and written by its leader too; committee meetings and 民主评议 (appraisals of persons)
 * stay with the committee. Another branch — paired or not — never reads a branch's record.
 */
function meetingRights(subject: Subject, meeting: MeetingFacts): Rights {
  const { branchId, kind } = meeting;
  if (kind === 'talk') {
    const kept =
      meeting.participantIds.includes(subject.userId) || isSecretaryOf(subject, branchId);
    return { read: kept, write: kept };
  }
  if (isCommitteeOf(subject, branchId)) return { read: true, write: true };
  if (!isMemberOf(subject, branchId)) return NONE;
  if (kind === 'group') {
    const leads = meeting.groupLeaderId === subject.userId;
    return { read: leads || meeting.groupMemberIds.includes(subject.userId), write: leads };
  }
  return { read: OPEN_MEETINGS.includes(kind), write: false };
}

const RIGHTS: { [K in DocKind]: (subject: Subject, id: string, facts: DocFacts[K]) => Rights } = {
  branch: (subject, branchId) => ({
    read: isMemberOf(subject, branchId),
    write: isCommitteeOf(subject, branchId),
  }),
  study: (subject, ownerId, { ownerBranchIds, formerBranchIds = [], groupLeaderIds = [] }) => {
    if (ownerId === subject.userId) return { read: true, write: true };
    const branches = [...ownerBranchIds, ...formerBranchIds];
    const leads = groupLeaderIds.includes(subject.userId);
    return { read: leads || branches.some((b) => isCommitteeOf(subject, b)), write: false };
  },
  plan: (subject, _id, { branchIds }) => ({
    read: branchIds.some((b) => isMemberOf(subject, b)),
    write: branchIds.some((b) => isCommitteeOf(subject, b)),
  }),
  lesson: (subject, _id, lesson) => {
    const writer = isLessonWriter(subject, lesson);
    return { read: writer || isCommitteeOf(subject, lesson.branchId), write: writer };
  },
  meeting: (subject, _id, meeting) => meetingRights(subject, meeting),
  // The branch's year (issue 16): drafted and approved by its committee, read by every member.
  // Paired branches plan joint days together (`plan:`), never each other's year. The organiser
  // (机关党委) will read the snapshot the branch sends upward, not this document.
  yearplan: (subject, id) => {
    const branchId = parseYearPlanId(id)?.branchId;
    if (branchId === undefined) return NONE;
    return { read: isMemberOf(subject, branchId), write: isCommitteeOf(subject, branchId) };
  },
};

/**
 * What `subject` may do with document `doc`, given the registry's facts about it; `null` facts (a
 * plan or lesson the registry does not know, e.g. one created offline and not yet registered)
 * mean no access for anyone.
 */
export function rights<K extends DocKind>(
  subject: Subject,
  doc: DocName & { kind: K },
  facts: DocFacts[K] | null,
): Rights {
  if (facts === null) return NONE;
  return RIGHTS[doc.kind](subject, doc.id, facts);
}

/** The registry's API actions, each with the facts it is decided from. */
export interface ActionFacts {
  /** Register a plan led by a branch (its committee). */
  'plan.register': { leadBranchId: string };
  /** Add or remove a plan's participating branches (the lead branch's committee). */
  'plan.changeBranches': PlanFacts;
  /** Record the budget check (八项规定) of a plan: a participating branch's 纪检委员 or secretary. */
  'plan.checkBudget': PlanFacts;
  /** Register a meeting record: who may write it (the committee; a group's leader; a talk's people and the secretary). */
  'meeting.register': MeetingFacts;
  /** Register a lesson draft for a branch one belongs to. */
  'lesson.register': { branchId: string };
  /** Change a lesson's co-authors (its author). */
  'lesson.changeCoAuthors': LessonFacts;
  /** Submit a draft for review, or reopen an approved one (its author and co-authors). */
  'lesson.submit': LessonFacts;
  /** Approve or return a submitted draft (the committee of the author's branch). */
  'lesson.review': LessonFacts;
  /** See a branch's names (every member, to pick co-authors by name). */
  'branch.readRoster': { branchId: string };
  /** See a branch's roles and duties too (its committee). */
  'branch.readRoles': { branchId: string };
  /** Propose pairing branches (联建): a secretary of one of them that is the institution's own. */
  'pairing.create': { branchIds: readonly string[] };
  /** Choose a month's lead branch of a pairing: a secretary of one of its branches. */
  'pairing.chooseLead': { branchIds: readonly string[] };
  /** Create a branch of the institution (the organiser). */
  'institution.createBranch': Record<string, never>;
  /** Invite a branch's secretary (the organiser; a branch's own secretary through `branch.invite`). */
  'institution.inviteSecretary': { branchId: string };
  /** See the institution's branches and their headcounts — never their rosters (the organiser). */
  'institution.readDirectory': Record<string, never>;
  /**
   * Invite someone to a branch with a role, and revoke such an invite: the secretary (any role),
   * the 组织委员 (committee duty 'organisation': members and committee), the organiser (secretary).
   */
  'branch.invite': { branchId: string; role: BranchRole };
  /** See a branch's open invites: whoever may invite to it at all. */
  'branch.readInvites': { branchId: string };
  /**
   * See a registry event in one's inbox: one addressed to oneself, to the members of one's
   * branch, or to the committee one sits on.
   */
  'inbox.see': InboxAudience;
  /**
   * Rename a member, change their role and duty, move them between party groups, remove them
   * from the branch (issue 14: "the secretary renames …"): the branch's secretary.
   */
  'branch.manageMembers': { branchId: string };
  /** Form, rename and delete party groups (党小组) and name their leaders: the secretary. */
  'branch.manageGroups': { branchId: string };
  /** See a branch's party groups — names and leaders (every member of the branch). */
  'branch.readGroups': { branchId: string };
  /**
   * See who is in a party group: the branch's committee, and the group's own leader (党小组长).
   * `leaderUserId` is the registry's leader of that group (null: none).
   */
  'group.readMembers': { branchId: string; leaderUserId: string | null };
  /**
   * Find the institution's branches by name, to propose a pairing: a secretary of one of its
   * own branches (not an outside one). Names only — never rosters or headcounts (those are the
   * organiser's directory).
   */
  'pairing.findBranches': Record<string, never>;
  /**
   * Make a pairing invite link for an outside branch (another institution's): a secretary of
   * the branch to pair with, one of the institution's own.
   */
  'pairing.invite': { branchId: string };
  /** Accept or decline a proposed pairing for a branch it invited: that branch's secretary. */
  'pairing.respond': { branchId: string };
  /**
   * End a pairing (or withdraw a proposal): a secretary of one of the branches in it. Plans made
   * together stay readable to their branches; no new plan may include the other side.
   */
  'pairing.end': { branchIds: readonly string[] };
}

/** Whom a registry event (the inbox's) is for. */
export type InboxAudience =
  | { readonly audience: 'user'; readonly userId: string }
  | { readonly audience: 'members' | 'committee'; readonly branchId: string };

export type Action = keyof ActionFacts;

const ACTIONS: { [A in Action]: (subject: Subject, facts: ActionFacts[A]) => boolean } = {
  'plan.register': (s, { leadBranchId }) => isCommitteeOf(s, leadBranchId),
  'plan.changeBranches': (s, { leadBranchId }) => isCommitteeOf(s, leadBranchId),
  'plan.checkBudget': (s, { branchIds }) =>
    branchIds.some((b) => {
      const m = membershipIn(s, b);
      // Small branches have no portfolios: the secretary answers for their spending.
      return m?.role === 'secretary' || (m?.role === 'committee' && m.duty === 'discipline');
    }),
  'lesson.register': (s, { branchId }) => isMemberOf(s, branchId),
  'meeting.register': (s, meeting) =>
    isMemberOf(s, meeting.branchId) && meetingRights(s, meeting).write,
  'lesson.changeCoAuthors': (s, { authorId }) => authorId === s.userId,
  'lesson.submit': (s, lesson) => isLessonWriter(s, lesson),
  'lesson.review': (s, { branchId }) => isCommitteeOf(s, branchId),
  'branch.readRoster': (s, { branchId }) => isMemberOf(s, branchId),
  'branch.readRoles': (s, { branchId }) => isCommitteeOf(s, branchId),
  'pairing.create': (s, { branchIds }) => branchIds.some((b) => isInsideSecretaryOf(s, b)),
  'pairing.chooseLead': (s, { branchIds }) => branchIds.some((b) => isSecretaryOf(s, b)),
  'institution.createBranch': (s) => s.organiser === true,
  'institution.inviteSecretary': (s) => s.organiser === true,
  'institution.readDirectory': (s) => s.organiser === true,
  'branch.invite': (s, { branchId, role }) => {
    if (role === 'secretary') {
      return isSecretaryOf(s, branchId) || may(s, 'institution.inviteSecretary', { branchId });
    }
    return isSecretaryOf(s, branchId) || isOrganisationMemberOf(s, branchId);
  },
  'branch.readInvites': (s, { branchId }) =>
    isSecretaryOf(s, branchId) ||
    isOrganisationMemberOf(s, branchId) ||
    may(s, 'institution.inviteSecretary', { branchId }),
  'inbox.see': (s, event) =>
    event.audience === 'user'
      ? event.userId === s.userId
      : event.audience === 'members'
        ? isMemberOf(s, event.branchId)
        : isCommitteeOf(s, event.branchId),
  'branch.manageMembers': (s, { branchId }) => isSecretaryOf(s, branchId),
  'branch.manageGroups': (s, { branchId }) => isSecretaryOf(s, branchId),
  'branch.readGroups': (s, { branchId }) => isMemberOf(s, branchId),
  'group.readMembers': (s, { branchId, leaderUserId }) =>
    isCommitteeOf(s, branchId) || (isMemberOf(s, branchId) && leaderUserId === s.userId),
  'pairing.findBranches': (s) => s.memberships.some((m) => isInsideSecretaryOf(s, m.branchId)),
  'pairing.invite': (s, { branchId }) => isInsideSecretaryOf(s, branchId),
  'pairing.respond': (s, { branchId }) => isSecretaryOf(s, branchId),
  'pairing.end': (s, { branchIds }) => branchIds.some((b) => isSecretaryOf(s, b)),
};

/** Whether `subject` may take an API action, decided from the action's registry facts. */
export function may<A extends Action>(subject: Subject, action: A, facts: ActionFacts[A]): boolean {
  return ACTIONS[action](subject, facts);
}

/** The subject's branches in which they may take an action that is decided by a branch id alone. */
export function branchesWhere(
  subject: Subject,
  action: 'plan.register' | 'lesson.register' | 'branch.readRoster' | 'branch.readRoles',
): string[] {
  return subject.memberships
    .map((m) => m.branchId)
    .filter((b) =>
      action === 'plan.register'
        ? may(subject, action, { leadBranchId: b })
        : may(subject, action, { branchId: b }),
    );
}
