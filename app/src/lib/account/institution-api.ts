import {
  API,
  type CreatedInvite,
  type DirectoryBranch,
  type InstitutionResponse,
  type InviteView,
  type SetupResponse,
} from '@branchbook/protocol';
import type { BranchRole } from '@branchbook/model';
import { callApi } from '$lib/api/client.ts';

/**
 * The institution and invites (sync-server/src/api/institution-routes.ts): the first start's
 * setup, the organiser's branch directory, and a branch's invites.
 */

/** `POST /api/setup`: the setup link's code, the institution's name and the organiser's. */
export function setUpInstitution(
  serverUrl: string,
  input: { code: string; institution: string; name: string; deviceName?: string },
): Promise<SetupResponse> {
  return callApi(serverUrl, API.setup, { body: input });
}

/** `GET /api/institution` (the organiser): the branches with their headcounts. */
export function fetchInstitution(serverUrl: string, token: string): Promise<InstitutionResponse> {
  return callApi(serverUrl, API.institution, { token });
}

/** `POST /api/institution/branches` (the organiser): a new branch; the server gives its id. */
export function createBranch(
  serverUrl: string,
  token: string,
  name: string,
): Promise<DirectoryBranch> {
  return callApi(serverUrl, API.createBranch, { token, body: { name } });
}

export type InviteDays = 1 | 7 | 30;

/** `GET /api/branches/:id/invites`: the open invites the caller may make (and revoke). */
export async function fetchInvites(
  serverUrl: string,
  token: string,
  branchId: string,
): Promise<InviteView[]> {
  return (await callApi(serverUrl, API.invites, { token, params: { id: branchId } })).invites;
}

/** `POST /api/branches/:id/invites`: a one-time code for a role, for `days`, maybe for a named person. */
export function createInvite(
  serverUrl: string,
  token: string,
  branchId: string,
  invite: { role: BranchRole; name?: string; days: InviteDays },
): Promise<CreatedInvite> {
  const body = invite.name ? invite : { role: invite.role, days: invite.days };
  return callApi(serverUrl, API.createInvite, { token, params: { id: branchId }, body });
}

/** `DELETE /api/branches/:id/invites/:invite`: the branch's open invites after revoking it. */
export async function revokeInvite(
  serverUrl: string,
  token: string,
  branchId: string,
  inviteId: string,
): Promise<InviteView[]> {
  const answer = await callApi(serverUrl, API.revokeInvite, {
    token,
    params: { id: branchId, invite: inviteId },
  });
  return answer.invites;
}

/** The link that opens the join screen with the code filled in: the code stays in the `#` part. */
export function joinLink(origin: string, code: string): string {
  return `${origin}/join#${encodeURIComponent(code)}`;
}

/**
 * The link of a pairing invite (an outside branch's secretary joins with their own branch):
 * `/join#pair:<code>`; the `pair:` only tells the join screen to ask for the branch's name.
 */
export function pairingJoinLink(origin: string, code: string): string {
  return `${origin}/join#pair:${encodeURIComponent(code)}`;
}

/** What a `/join` hash holds: the code, and whether it is a pairing invite's (`#pair:<code>`). */
export function joinFromHash(hash: string): { code: string; pairing: boolean } {
  const code = codeFromHash(hash);
  return code.startsWith('pair:')
    ? { code: code.slice('pair:'.length).trim(), pairing: true }
    : { code, pairing: false };
}

/** The code from a `/join#<code>` or `/setup#<code>` hash; '' without one. */
export function codeFromHash(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
