import { describe, expect, it } from 'vitest';
import { branchesWhere, may, rights, type Subject } from './access.ts';
import { accessMatrix, MATRIX_PEOPLE } from './testing/access-matrix.ts';

const subjectOf = (id: string): Subject => {
  const person = MATRIX_PEOPLE.find((p) => p.id === id);
  if (!person) throw new Error(id);
  if (person.organiser) return { userId: person.id, memberships: [], organiser: true };
  return { userId: person.id, memberships: [person] };
};

describe('rights: every role × every document kind × read/write', () => {
  it.each(accessMatrix().map((c) => [c.person.id, c.docName, c] as const))(
    '%s on %s',
    (_who, _doc, cell) => {
      const got = rights(subjectOf(cell.person.id), cell.doc, cell.doc.facts as never);
      expect(got).toEqual({ read: cell.read, write: cell.write });
    },
  );

  it('gives nobody anything on a document the registry does not know', () => {
    expect(rights(subjectOf('sec-home'), { kind: 'plan', id: 'x' }, null)).toEqual({
      read: false,
      write: false,
    });
  });

  it('takes the strongest role among several branches', () => {
    const both: Subject = {
      userId: 'u',
      memberships: [
        { branchId: 'other', role: 'secretary' },
        { branchId: 'paired', role: 'member' },
      ],
    };
    const plan = { leadBranchId: 'home', branchIds: ['home', 'paired'] };
    expect(rights(both, { kind: 'plan', id: 'p' }, plan)).toEqual({ read: true, write: false });
    const promoted = { ...both, memberships: [{ branchId: 'paired', role: 'committee' as const }] };
    expect(rights(promoted, { kind: 'plan', id: 'p' }, plan)).toEqual({ read: true, write: true });
  });
});

describe("rights: a removed member's log stays with the branch", () => {
  it('the committee of a branch the owner was removed from reads it, never writes it', () => {
    const facts = { ownerBranchIds: ['paired'], formerBranchIds: ['home'] };
    const doc = { kind: 'study', id: 'owner' } as const;
    expect(rights(subjectOf('sec-home'), doc, facts)).toEqual({ read: true, write: false });
    expect(rights(subjectOf('com-home'), doc, facts)).toEqual({ read: true, write: false });
    expect(rights(subjectOf('mem-home'), doc, facts)).toEqual({ read: false, write: false });
    expect(rights(subjectOf('sec-other'), doc, facts)).toEqual({ read: false, write: false });
    expect(rights(subjectOf('owner'), doc, facts)).toEqual({ read: true, write: true });
  });
});

describe('may: registry actions', () => {
  const plan = { leadBranchId: 'home', branchIds: ['home', 'paired'] };
  const lesson = { authorId: 'author', coAuthorIds: ['coauthor'], branchId: 'home' };
  const cases: [string, boolean, (s: Subject) => boolean][] = [
    ['sec-home', true, (s) => may(s, 'plan.register', { leadBranchId: 'home' })],
    ['com-home', true, (s) => may(s, 'plan.register', { leadBranchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'plan.register', { leadBranchId: 'home' })],
    ['sec-paired', false, (s) => may(s, 'plan.changeBranches', plan)],
    ['com-home-deputy', true, (s) => may(s, 'plan.changeBranches', plan)],
    ['com-home-discipline', true, (s) => may(s, 'plan.checkBudget', plan)],
    ['com-home-publicity', false, (s) => may(s, 'plan.checkBudget', plan)],
    ['com-home', false, (s) => may(s, 'plan.checkBudget', plan)],
    ['sec-paired', true, (s) => may(s, 'plan.checkBudget', plan)],
    ['sec-other', false, (s) => may(s, 'plan.checkBudget', plan)],
    ['mem-home', true, (s) => may(s, 'lesson.register', { branchId: 'home' })],
    ['mem-paired', false, (s) => may(s, 'lesson.register', { branchId: 'home' })],
    ['author', true, (s) => may(s, 'lesson.changeCoAuthors', lesson)],
    ['coauthor', false, (s) => may(s, 'lesson.changeCoAuthors', lesson)],
    ['sec-home', false, (s) => may(s, 'lesson.changeCoAuthors', lesson)],
    ['coauthor', true, (s) => may(s, 'lesson.submit', lesson)],
    ['com-home', false, (s) => may(s, 'lesson.submit', lesson)],
    ['com-home-publicity', true, (s) => may(s, 'lesson.review', lesson)],
    ['author', false, (s) => may(s, 'lesson.review', lesson)],
    ['sec-paired', false, (s) => may(s, 'lesson.review', lesson)],
    ['mem-home', true, (s) => may(s, 'branch.readRoster', { branchId: 'home' })],
    ['mem-paired', false, (s) => may(s, 'branch.readRoster', { branchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'branch.readRoles', { branchId: 'home' })],
    ['com-home', true, (s) => may(s, 'branch.readRoles', { branchId: 'home' })],
    ['sec-home', true, (s) => may(s, 'pairing.create', { branchIds: ['home', 'other'] })],
    ['com-home', false, (s) => may(s, 'pairing.create', { branchIds: ['home', 'other'] })],
    ['sec-other', true, (s) => may(s, 'pairing.chooseLead', { branchIds: ['home', 'other'] })],
    ['sec-paired', false, (s) => may(s, 'pairing.chooseLead', { branchIds: ['home', 'other'] })],
    // The organiser (机关党委): the directory, new branches and secretary invites — nothing else.
    ['organiser', true, (s) => may(s, 'institution.createBranch', {})],
    ['sec-home', false, (s) => may(s, 'institution.createBranch', {})],
    ['organiser', true, (s) => may(s, 'institution.readDirectory', {})],
    ['sec-home', false, (s) => may(s, 'institution.readDirectory', {})],
    ['organiser', true, (s) => may(s, 'institution.inviteSecretary', { branchId: 'home' })],
    ['organiser', true, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'secretary' })],
    ['organiser', false, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'member' })],
    ['organiser', true, (s) => may(s, 'branch.readInvites', { branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'branch.readRoster', { branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'plan.register', { leadBranchId: 'home' })],
    ['organiser', false, (s) => may(s, 'lesson.review', lesson)],
    // Invites: the secretary any role; the 组织委员 members and committee; nobody else.
    ['sec-home', true, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'secretary' })],
    ['sec-home', true, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'member' })],
    ['sec-other', false, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'member' })],
    [
      'com-home-organisation',
      true,
      (s) => may(s, 'branch.invite', { branchId: 'home', role: 'committee' }),
    ],
    [
      'com-home-organisation',
      false,
      (s) => may(s, 'branch.invite', { branchId: 'home', role: 'secretary' }),
    ],
    ['com-home-organisation', true, (s) => may(s, 'branch.readInvites', { branchId: 'home' })],
    [
      'com-home-publicity',
      false,
      (s) => may(s, 'branch.invite', { branchId: 'home', role: 'member' }),
    ],
    ['com-home', false, (s) => may(s, 'branch.readInvites', { branchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'branch.invite', { branchId: 'home', role: 'member' })],
    ['mem-home', false, (s) => may(s, 'branch.readInvites', { branchId: 'home' })],
    // A meeting record is registered by whoever may write it.
    ...(
      [
        ['com-home', 'general', true],
        ['mem-home', 'general', false],
        ['sec-paired', 'general', false],
        ['mem-home', 'group', true],
        ['owner', 'group', false],
        ['owner', 'talk', true],
        ['com-home', 'talk', false],
        ['sec-home', 'talk', true],
      ] as const
    ).map(([who, kind, expected]): [string, boolean, (s: Subject) => boolean] => [
      who,
      expected,
      (s) =>
        may(s, 'meeting.register', {
          branchId: 'home',
          kind,
          groupLeaderId: kind === 'group' ? 'mem-home' : null,
          groupMemberIds: kind === 'group' ? ['mem-home', 'owner'] : [],
          participantIds: kind === 'talk' ? ['owner', 'author'] : [],
        }),
    ]),
    // The inbox: what is addressed to oneself, one's branch, or one's committee.
    ['author', true, (s) => may(s, 'inbox.see', { audience: 'user', userId: 'author' })],
    ['coauthor', false, (s) => may(s, 'inbox.see', { audience: 'user', userId: 'author' })],
    ['mem-home', true, (s) => may(s, 'inbox.see', { audience: 'members', branchId: 'home' })],
    ['mem-paired', false, (s) => may(s, 'inbox.see', { audience: 'members', branchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'inbox.see', { audience: 'committee', branchId: 'home' })],
    [
      'com-home-publicity',
      true,
      (s) => may(s, 'inbox.see', { audience: 'committee', branchId: 'home' }),
    ],
    ['sec-other', false, (s) => may(s, 'inbox.see', { audience: 'committee', branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'inbox.see', { audience: 'members', branchId: 'home' })],
    // The roster and party groups (issue 14, items 3 and 4): the secretary manages them.
    ['sec-home', true, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['com-home', false, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['com-home-organisation', false, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['sec-other', false, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'branch.manageMembers', { branchId: 'home' })],
    ['sec-home', true, (s) => may(s, 'branch.manageGroups', { branchId: 'home' })],
    ['com-home-deputy', false, (s) => may(s, 'branch.manageGroups', { branchId: 'home' })],
    ['mem-home', false, (s) => may(s, 'branch.manageGroups', { branchId: 'home' })],
    ['sec-paired', false, (s) => may(s, 'branch.manageGroups', { branchId: 'home' })],
    ['mem-home', true, (s) => may(s, 'branch.readGroups', { branchId: 'home' })],
    ['mem-other', false, (s) => may(s, 'branch.readGroups', { branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'branch.readGroups', { branchId: 'home' })],
    [
      'com-home',
      true,
      (s) => may(s, 'group.readMembers', { branchId: 'home', leaderUserId: null }),
    ],
    [
      'mem-home',
      true,
      (s) => may(s, 'group.readMembers', { branchId: 'home', leaderUserId: 'mem-home' }),
    ],
    [
      'mem-home',
      false,
      (s) => may(s, 'group.readMembers', { branchId: 'home', leaderUserId: 'owner' }),
    ],
    // A leader id of another branch's group gives nothing in this one.
    [
      'mem-other',
      false,
      (s) => may(s, 'group.readMembers', { branchId: 'home', leaderUserId: 'mem-other' }),
    ],
    // Pairing proposals: secretaries find branches, answer for their own, end their pairings.
    ['sec-home', true, (s) => may(s, 'pairing.findBranches', {})],
    ['sec-other', true, (s) => may(s, 'pairing.findBranches', {})],
    ['com-home', false, (s) => may(s, 'pairing.findBranches', {})],
    ['mem-home', false, (s) => may(s, 'pairing.findBranches', {})],
    ['organiser', false, (s) => may(s, 'pairing.findBranches', {})],
    ['sec-paired', true, (s) => may(s, 'pairing.respond', { branchId: 'paired' })],
    ['sec-home', false, (s) => may(s, 'pairing.respond', { branchId: 'paired' })],
    ['mem-paired', false, (s) => may(s, 'pairing.respond', { branchId: 'paired' })],
    ['sec-paired', true, (s) => may(s, 'pairing.end', { branchIds: ['home', 'paired'] })],
    ['com-home', false, (s) => may(s, 'pairing.end', { branchIds: ['home', 'paired'] })],
    ['sec-other', false, (s) => may(s, 'pairing.end', { branchIds: ['home', 'paired'] })],
    ['organiser', false, (s) => may(s, 'pairing.end', { branchIds: ['home', 'paired'] })],
    ['sec-home', true, (s) => may(s, 'pairing.invite', { branchId: 'home' })],
    ['sec-paired', false, (s) => may(s, 'pairing.invite', { branchId: 'home' })],
    ['com-home', false, (s) => may(s, 'pairing.invite', { branchId: 'home' })],
    ['organiser', false, (s) => may(s, 'pairing.invite', { branchId: 'home' })],
  ];
  it.each(cases)('%s → %s', (who, expected, ask) => {
    expect(ask(subjectOf(who))).toBe(expected);
  });

  it('an outside branch’s secretary runs her branch and pairings, never our directory', () => {
    const outside: Subject = {
      userId: 'x',
      memberships: [{ branchId: 'far', role: 'secretary', outside: true }],
    };
    expect(may(outside, 'pairing.findBranches', {})).toBe(false);
    expect(may(outside, 'pairing.invite', { branchId: 'far' })).toBe(false);
    expect(may(outside, 'pairing.create', { branchIds: ['far', 'home'] })).toBe(false);
    expect(may(outside, 'pairing.chooseLead', { branchIds: ['far', 'home'] })).toBe(true);
    expect(may(outside, 'pairing.end', { branchIds: ['far', 'home'] })).toBe(true);
    expect(may(outside, 'branch.invite', { branchId: 'far', role: 'member' })).toBe(true);
    expect(may(outside, 'plan.register', { leadBranchId: 'far' })).toBe(true);
  });

  it('lists the branches where a branch-wide action is allowed', () => {
    const s: Subject = {
      userId: 'u',
      memberships: [
        { branchId: 'home', role: 'member' },
        { branchId: 'dig', role: 'committee' },
      ],
    };
    expect(branchesWhere(s, 'plan.register')).toEqual(['dig']);
    expect(branchesWhere(s, 'lesson.register')).toEqual(['home', 'dig']);
    expect(branchesWhere(s, 'branch.readRoles')).toEqual(['dig']);
  });
});
