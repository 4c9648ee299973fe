import { randomBytes } from 'node:crypto';
import { API, type GroupsResponse, type MembersResponse } from '@branchbook/protocol';
import { may, type Subject } from '@branchbook/model';
import type { AuthStore } from '../auth/auth-store.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A branch's roster as `subject` may see it (the caller is a member; the route checked): names
 * for every member; for the committee also roles, duties, joined dates, party groups, device
 * counts and the members the secretary removed (their logs stay with the branch).
 */
export async function rosterAnswer(
  auth: AuthStore,
  subject: Subject,
  branchId: string,
): Promise<MembersResponse> {
  if (!may(subject, 'branch.readRoles', { branchId })) {
    const names = await auth.membersOfBranch(branchId);
    return { branchId, members: names.map(({ userId, name }) => ({ userId, name })) };
  }
  const [roster, removed] = await Promise.all([
    auth.rosterOfBranch(branchId),
    auth.formerMembersOfBranch(branchId),
  ]);
  return {
    branchId,
    members: roster.map(({ userId, name, role, duty, joinedAt, groupId, devices }) => ({
      userId,
      name,
      role,
      ...(duty ? { duty } : {}),
      ...(joinedAt !== null ? { joinedAt: iso(joinedAt) } : {}),
      ...(groupId !== null ? { groupId } : {}),
      devices,
    })),
    removed: removed.map(({ userId, name, role, removedAt }) => ({
      userId,
      name,
      role,
      removedAt: iso(removedAt),
    })),
  };
}

/**
 * A branch's party groups as `subject` may see them: every member sees names and leaders and
 * which group is their own; who is in a group, the committee and that group's leader.
 */
async function groupsAnswer(
  auth: AuthStore,
  subject: Subject,
  branchId: string,
): Promise<GroupsResponse> {
  const groups = await auth.groupsOfBranch(branchId);
  const mine = groups.find((g) => g.memberIds.includes(subject.userId));
  return {
    branchId,
    groups: groups.map(({ id, name, leaderUserId, memberIds }) => ({
      id,
      name,
      ...(leaderUserId ? { leaderId: leaderUserId } : {}),
      ...(may(subject, 'group.readMembers', { branchId, leaderUserId }) ? { memberIds } : {}),
    })),
    ...(mine ? { mine: mine.id } : {}),
  };
}

/**
 * The secretary runs the branch's roster and party groups (issue 14, items 3 and 4). Removing a
 * member keeps their log with the branch; with no branch left their tokens are revoked at once.
 */
export function rosterRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth } = deps;
  const secretaryOnly = (subject: Subject, branchId: string, what: string) =>
    requireMay(
      subject,
      'branch.manageMembers',
      { branchId },
      'not_secretary',
      `only the secretary of branch ${branchId} ${what}`,
    );

  route(app, API.changeMember, async ({ params, body, subject }) => {
    secretaryOnly(subject, params.id, 'changes its members');
    await auth.changeMember(params.id, params.user, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.duty !== undefined ? { duty: body.duty } : {}),
      ...(body.groupId !== undefined ? { groupId: body.groupId } : {}),
    });
    return rosterAnswer(auth, subject, params.id);
  });

  route(app, API.removeMember, async ({ params, subject }) => {
    secretaryOnly(subject, params.id, 'removes its members');
    await auth.removeMember(params.id, params.user, subject.userId);
    // A secretary who removed herself (another one stays) sees the roster no more.
    if (params.user === subject.userId) return { branchId: params.id, members: [] };
    return rosterAnswer(auth, subject, params.id);
  });

  route(app, API.groups, async ({ params, subject }) => {
    requireMay(
      subject,
      'branch.readGroups',
      { branchId: params.id },
      'not_a_member',
      `only members of branch ${params.id} see its party groups`,
    );
    return groupsAnswer(auth, subject, params.id);
  });

  const groupsBySecretary = (subject: Subject, branchId: string) =>
    requireMay(
      subject,
      'branch.manageGroups',
      { branchId },
      'not_secretary',
      `only the secretary of branch ${branchId} forms and changes its party groups`,
    );

  route(app, API.createGroup, async ({ params, body, subject }) => {
    groupsBySecretary(subject, params.id);
    await auth.addGroup({
      id: `g${randomBytes(6).toString('hex')}`,
      branchId: params.id,
      name: body.name,
      leaderUserId: body.leaderId ?? null,
    });
    return new Created(await groupsAnswer(auth, subject, params.id));
  });

  route(app, API.changeGroup, async ({ params, body, subject }) => {
    groupsBySecretary(subject, params.id);
    await auth.changeGroup(params.id, params.group, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.leaderId !== undefined ? { leaderUserId: body.leaderId } : {}),
    });
    return groupsAnswer(auth, subject, params.id);
  });

  route(app, API.deleteGroup, async ({ params, subject }) => {
    groupsBySecretary(subject, params.id);
    await auth.deleteGroup(params.id, params.group);
    return groupsAnswer(auth, subject, params.id);
  });
}
