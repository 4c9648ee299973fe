import { API, type MeResponse, type RedeemResponse, type RosterMember } from '@branchbook/protocol';
import type { BranchRole, CommitteeDuty } from '@branchbook/model';
import { callApi } from '$lib/api/client.ts';
import type { BranchMembership } from './session.ts';

/** Sign-in and the branch roster (sync-server/src/api/account-routes.ts). */

export { ApiError, failureOfStatus, type ApiFailure } from '$lib/api/client.ts';

export interface Redeemed {
  token: string;
  userId: string;
  name: string;
  branchId: string;
  role: BranchRole;
}

export interface Me {
  userId: string;
  name: string;
  branches: BranchMembership[];
  /** The institution's organiser (机关党委). */
  organiser: boolean;
}

export interface BranchMember {
  userId: string;
  name: string;
  /** Sent to the branch committee only; plain members see names. */
  role?: BranchRole;
  /** The committee's view also has these (see `RosterMember` in packages/protocol). */
  duty?: CommitteeDuty;
  joinedAt?: string;
  groupId?: string;
  devices?: number;
}

/** A name as shown: an empty one is shown as the id. */
function named<T extends { name: string }>(value: T, id: string): T {
  return value.name === '' ? { ...value, name: id } : value;
}

export function toRedeemed(answer: RedeemResponse): Redeemed {
  return named(answer, answer.userId);
}

/** Roster entries as the app keeps them: name (the id when empty) and what else was sent. */
export function toMembers(members: readonly RosterMember[]): BranchMember[] {
  return members.map((member) => {
    const kept: BranchMember = { userId: member.userId, name: member.name };
    if (member.role) kept.role = member.role;
    if (member.duty) kept.duty = member.duty;
    if (member.joinedAt) kept.joinedAt = member.joinedAt;
    if (member.groupId) kept.groupId = member.groupId;
    if (member.devices !== undefined) kept.devices = member.devices;
    return named(kept, member.userId);
  });
}

/**
 * `POST /api/redeem`: a one-time invite code (plus a name for a new member, and for a pairing
 * invite the name of their own branch) for a token.
 */
export async function redeemInvite(
  serverUrl: string,
  code: string,
  name: string | undefined,
  deviceName = '',
  branch?: string,
): Promise<Redeemed> {
  const body = {
    code,
    ...(name ? { name } : {}),
    ...(deviceName ? { deviceName } : {}),
    ...(branch ? { branch } : {}),
  };
  return toRedeemed(await callApi(serverUrl, API.redeem, { body }));
}

/** `GET /api/me`: who a token signs in, and their branches. */
export async function fetchMe(serverUrl: string, token: string): Promise<Me> {
  return toMe(await callApi(serverUrl, API.me, { token }));
}

/** `GET /api/me`'s answer (also `PATCH /api/me`'s) as the app keeps it. */
export function toMe(me: MeResponse): Me {
  return {
    userId: me.userId,
    name: me.name || me.userId,
    branches: me.branches.map((b) => named(b, b.branchId)),
    organiser: me.organiser === true,
  };
}

/** `GET /api/branches/:id/members`: names for every member of the branch, roles for its committee. */
export async function fetchMembers(
  serverUrl: string,
  token: string,
  branchId: string,
): Promise<BranchMember[]> {
  const answer = await callApi(serverUrl, API.members, { token, params: { id: branchId } });
  return toMembers(answer.members);
}
