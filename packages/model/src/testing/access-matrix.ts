import { COMMITTEE_DUTIES, type BranchRole, type CommitteeDuty } from '../branch-settings.ts';
import type { DocFacts, DocKind } from '../index.ts';
import { MEETING_KINDS } from '../meeting-record.ts';

/**
 * The access table as data: one world of branches, people and documents, and for every person ×
 * document the expected read/write. The model's unit test runs it against `rights`; the server's
 * integration test builds the same world in a real registry and connects a real client for each
 * cell — so the rule, the gate and the registry cannot drift apart.
 *
 * Branch `home` is paired with `paired`; `other` has no tie to either. The plan is led by `home`
 * with `paired` taking part; the lesson is written in `home` by `author` with `coauthor`.
 */
export interface MatrixMember {
  /** User id, also the label in test names. */
  readonly id: string;
  readonly branchId: string;
  readonly role: BranchRole;
  readonly duty?: CommitteeDuty;
  readonly organiser?: undefined;
}

/** The institution's organiser (机关党委): no branch membership, and nothing on any document. */
export interface MatrixOrganiser {
  readonly id: string;
  readonly organiser: true;
}

export type MatrixPerson = MatrixMember | MatrixOrganiser;

export const MATRIX_PEOPLE: readonly MatrixPerson[] = [
  { id: 'sec-home', branchId: 'home', role: 'secretary' },
  { id: 'com-home', branchId: 'home', role: 'committee' },
  ...COMMITTEE_DUTIES.map((duty) => ({
    id: `com-home-${duty}`,
    branchId: 'home',
    role: 'committee' as const,
    duty,
  })),
  { id: 'owner', branchId: 'home', role: 'member' },
  { id: 'mem-home', branchId: 'home', role: 'member' },
  { id: 'author', branchId: 'home', role: 'member' },
  { id: 'coauthor', branchId: 'home', role: 'member' },
  { id: 'sec-paired', branchId: 'paired', role: 'secretary' },
  { id: 'mem-paired', branchId: 'paired', role: 'member' },
  { id: 'sec-other', branchId: 'other', role: 'secretary' },
  { id: 'mem-other', branchId: 'other', role: 'member' },
  { id: 'organiser', organiser: true },
];

const MEMBERS = MATRIX_PEOPLE.filter((p): p is MatrixMember => !p.organiser);

/** Branch `home`'s party group: its leader and members (the leader among them). */
export const MATRIX_GROUP = { id: 'g1', leaderId: 'mem-home', memberIds: ['mem-home', 'owner'] };
/** The two people of the heart-to-heart talk (谈心谈话) recorded in `meeting:talk`. */
export const MATRIX_TALK = ['owner', 'author'];

/** One document of each kind, with the registry's facts about it. */
export const MATRIX_DOCS: readonly {
  [K in DocKind]: { kind: K; id: string; facts: DocFacts[K] };
}[DocKind][] = [
  { kind: 'branch', id: 'home', facts: {} },
  // The year plan names its branch; no registry facts.
  { kind: 'yearplan', id: 'home-2026', facts: {} },
  // `owner` is in the party group, whose leader reads her log.
  {
    kind: 'study',
    id: 'owner',
    facts: { ownerBranchIds: ['home'], groupLeaderIds: [MATRIX_GROUP.leaderId] },
  },
  { kind: 'plan', id: 'joint', facts: { leadBranchId: 'home', branchIds: ['home', 'paired'] } },
  {
    kind: 'lesson',
    id: 'draft',
    facts: { authorId: 'author', coAuthorIds: ['coauthor'], branchId: 'home' },
  },
  // A record of every meeting kind, all of branch `home`.
  ...MEETING_KINDS.map((kind) => ({
    kind: 'meeting' as const,
    id: kind,
    facts: {
      branchId: 'home',
      kind,
      groupLeaderId: kind === 'group' ? MATRIX_GROUP.leaderId : null,
      groupMemberIds: kind === 'group' ? MATRIX_GROUP.memberIds : [],
      participantIds: kind === 'talk' ? MATRIX_TALK : [],
    },
  })),
];

const HOME_COMMITTEE = MEMBERS.filter((p) => p.branchId === 'home' && p.role !== 'member').map(
  (p) => p.id,
);
const HOME = MEMBERS.filter((p) => p.branchId === 'home').map((p) => p.id);
const PAIRED = MEMBERS.filter((p) => p.branchId === 'paired').map((p) => p.id);

/**
 * Who reads and who writes each document — written out, not derived from the rule under test.
 * The organiser is in no list: the branch directory and headcounts are theirs, never a document.
 */
const EXPECTED: Record<string, { read: readonly string[]; write: readonly string[] }> = {
  'branch:home': { read: HOME, write: HOME_COMMITTEE },
  // The committee drafts and approves the year; every member reads it; the paired branch and
  // the organiser read nothing of it (the organiser gets the sent snapshot, later).
  'yearplan:home-2026': { read: HOME, write: HOME_COMMITTEE },
  // The owner, the committee, and the leader of the owner's party group (read only).
  'study:owner': { read: ['owner', ...HOME_COMMITTEE, 'mem-home'], write: ['owner'] },
  'plan:joint': { read: [...HOME, ...PAIRED], write: [...HOME_COMMITTEE, 'sec-paired'] },
  // The committee reads to review; it records the review in the registry, not in the draft.
  'lesson:draft': {
    read: ['author', 'coauthor', ...HOME_COMMITTEE],
    write: ['author', 'coauthor'],
  },
  // Meetings: the whole branch reads these; the committee writes them.
  ...Object.fromEntries(
    ['general', 'lecture', 'themeDay', 'study', 'lifeMeeting'].map((kind) => [
      `meeting:${kind}`,
      { read: HOME, write: HOME_COMMITTEE },
    ]),
  ),
  // Committee meetings and appraisals of persons: the committee only.
  'meeting:committee': { read: HOME_COMMITTEE, write: HOME_COMMITTEE },
  'meeting:appraisal': { read: HOME_COMMITTEE, write: HOME_COMMITTEE },
  // A group meeting: the group reads it, its leader and the committee write it.
  'meeting:group': {
    read: [...HOME_COMMITTEE, 'mem-home', 'owner'],
    write: [...HOME_COMMITTEE, 'mem-home'],
  },
  // A talk: the two people and the secretary, nobody else of the committee.
  'meeting:talk': { read: ['owner', 'author', 'sec-home'], write: ['owner', 'author', 'sec-home'] },
};

export interface MatrixCell {
  readonly person: MatrixPerson;
  readonly doc: (typeof MATRIX_DOCS)[number];
  readonly docName: string;
  readonly read: boolean;
  readonly write: boolean;
}

/** Every person × document with the expected rights. */
export function accessMatrix(): MatrixCell[] {
  return MATRIX_PEOPLE.flatMap((person) =>
    MATRIX_DOCS.map((doc) => {
      const docName = `${doc.kind}:${doc.id}`;
      const expected = EXPECTED[docName];
      if (!expected) throw new Error(`no expectation for ${docName}`);
      return {
        person,
        doc,
        docName,
        read: expected.read.includes(person.id),
        write: expected.write.includes(person.id),
      };
    }),
  );
}
