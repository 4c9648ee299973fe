import {
  API,
  type ChangeGroupRequest,
  type ChangeMemberRequest,
  type GroupsResponse,
  type RemovedMember,
} from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import { toMembers, type BranchMember } from '$lib/account/api.ts';

/**
 * The roster and party groups (sync-server/src/api/roster-routes.ts): the whole roster as the
 * caller may see it, and the secretary's changes, each answered with the roster or the groups
 * after it.
 */

export interface Roster {
  members: BranchMember[];
  /** Members the secretary removed (the committee only): their logs stay with the branch. */
  removed: RemovedMember[];
}

interface Session {
  serverUrl: string;
  token: string;
}

function rosterOf(answer: { members: Parameters<typeof toMembers>[0]; removed?: RemovedMember[] }) {
  return { members: toMembers(answer.members), removed: answer.removed ?? [] };
}

/** `GET /api/branches/:id/members`, with the removed members the committee is sent. */
export async function fetchRoster(session: Session, branchId: string): Promise<Roster> {
  const { serverUrl, token } = session;
  return rosterOf(await callApi(serverUrl, API.members, { token, params: { id: branchId } }));
}

/** `PATCH /api/branches/:id/members/:user`: rename, role and duty, party group. */
export async function changeMember(
  session: Session,
  branchId: string,
  userId: string,
  change: ChangeMemberRequest,
): Promise<Roster> {
  const { serverUrl, token } = session;
  return rosterOf(
    await callApi(serverUrl, API.changeMember, {
      token,
      params: { id: branchId, user: userId },
      body: change,
    }),
  );
}

/** `DELETE /api/branches/:id/members/:user`: their log stays with the branch. */
export async function removeMember(
  session: Session,
  branchId: string,
  userId: string,
): Promise<Roster> {
  const { serverUrl, token } = session;
  return rosterOf(
    await callApi(serverUrl, API.removeMember, { token, params: { id: branchId, user: userId } }),
  );
}

/** `GET /api/branches/:id/groups`. */
export function fetchGroups(session: Session, branchId: string): Promise<GroupsResponse> {
  const { serverUrl, token } = session;
  return callApi(serverUrl, API.groups, { token, params: { id: branchId } });
}

/** `POST /api/branches/:id/groups`: a new group, maybe with its leader. */
export function createGroup(
  session: Session,
  branchId: string,
  group: { name: string; leaderId?: string },
): Promise<GroupsResponse> {
  const { serverUrl, token } = session;
  return callApi(serverUrl, API.createGroup, { token, params: { id: branchId }, body: group });
}

/** `PATCH /api/branches/:id/groups/:group`: rename, or name (or clear) the leader. */
export function changeGroup(
  session: Session,
  branchId: string,
  groupId: string,
  change: ChangeGroupRequest,
): Promise<GroupsResponse> {
  const { serverUrl, token } = session;
  return callApi(serverUrl, API.changeGroup, {
    token,
    params: { id: branchId, group: groupId },
    body: change,
  });
}

/** `DELETE /api/branches/:id/groups/:group`: its members fall back to no group. */
export function deleteGroup(
  session: Session,
  branchId: string,
  groupId: string,
): Promise<GroupsResponse> {
  const { serverUrl, token } = session;
  return callApi(serverUrl, API.deleteGroup, { token, params: { id: branchId, group: groupId } });
}
