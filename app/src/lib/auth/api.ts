import { isBranchRole, isValidId, type BranchRole } from '@branchbook/model';
import { parseMemberships, type BranchMembership } from './session.ts';

/**
 * The sync server's HTTP API (sync-server/src/api/api-routes.ts). Every call takes the server
 * origin, so a member can sign in to a server other than the one that served the app.
 */

/** Why a call failed, in terms the sign-in screen can explain. */
export type ApiFailure =
  | 'network' // no answer: offline, wrong address, server down
  | 'bad-request' // 400: e.g. a new member redeeming an invite without a name
  | 'unauthorized' // 401: token unknown, revoked or expired
  | 'forbidden' // 403
  | 'not-found' // 404: invite unknown, used or expired
  | 'rate-limited' // 429
  | 'server' // 5xx or an answer we cannot read
  | 'unexpected';

export class ApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function failureOfStatus(status: number): ApiFailure {
  if (status === 400) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'unexpected';
}

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
}

export interface BranchMember {
  userId: string;
  name: string;
  role: BranchRole;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unreadable(what: string): ApiError {
  return new ApiError('server', 200, `the server's answer to ${what} could not be read`);
}

export function parseRedeemed(body: unknown): Redeemed {
  if (
    !isRecord(body) ||
    typeof body.token !== 'string' ||
    typeof body.userId !== 'string' ||
    !isValidId(body.userId) ||
    typeof body.branchId !== 'string' ||
    !isBranchRole(body.role)
  ) {
    throw unreadable('redeem');
  }
  return {
    token: body.token,
    userId: body.userId,
    name: typeof body.name === 'string' && body.name !== '' ? body.name : body.userId,
    branchId: body.branchId,
    role: body.role,
  };
}

export function parseMe(body: unknown): Me {
  if (!isRecord(body) || typeof body.userId !== 'string' || !isValidId(body.userId)) {
    throw unreadable('me');
  }
  return {
    userId: body.userId,
    name: typeof body.name === 'string' && body.name !== '' ? body.name : body.userId,
    branches: parseMemberships(body.branches),
  };
}

export function parseMembers(body: unknown): BranchMember[] {
  if (!isRecord(body) || !Array.isArray(body.members)) throw unreadable('members');
  const members: BranchMember[] = [];
  for (const m of body.members) {
    if (!isRecord(m) || typeof m.userId !== 'string' || !isValidId(m.userId)) continue;
    if (!isBranchRole(m.role)) continue;
    members.push({
      userId: m.userId,
      name: typeof m.name === 'string' && m.name !== '' ? m.name : m.userId,
      role: m.role,
    });
  }
  return members;
}

/**
 * One request to the server's HTTP API: JSON in and out, the bearer token in the header (never in
 * the URL), never cached. Failures become an `ApiError` with a kind the UI can explain.
 */
export async function apiRequest(
  serverUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An answer that is not JSON (a proxy's error page): described by the status alone.
  }
  if (!response.ok) {
    const message =
      isRecord(body) && typeof body.error === 'string' ? body.error : response.statusText;
    throw new ApiError(failureOfStatus(response.status), response.status, message);
  }
  return body;
}

/** `POST /api/redeem`: a one-time invite code (plus a name for a new member) for a token. */
export async function redeemInvite(
  serverUrl: string,
  code: string,
  name: string | undefined,
): Promise<Redeemed> {
  const body = await apiRequest(serverUrl, '/api/redeem', {
    method: 'POST',
    body: name ? { code, name } : { code },
  });
  return parseRedeemed(body);
}

/** `GET /api/me`: who a token signs in, and their branches. */
export async function fetchMe(serverUrl: string, token: string): Promise<Me> {
  const body = await apiRequest(serverUrl, '/api/me', { token });
  return parseMe(body);
}

/** `GET /api/branches/:id/members` — the secretary and committee only. */
export async function fetchMembers(
  serverUrl: string,
  token: string,
  branchId: string,
): Promise<BranchMember[]> {
  const body = await apiRequest(
    serverUrl,
    `/api/branches/${encodeURIComponent(branchId)}/members`,
    { token },
  );
  return parseMembers(body);
}
