import {
  isBranchRole,
  isCommitteeDuty,
  isValidId,
  type BranchRole,
  type CommitteeDuty,
} from '@branchbook/model';

/** Where the signed-in account is kept on this device (localStorage). */
export const SESSION_STORAGE_KEY = 'branchbook.session';

/** Where a member of several branches keeps which one the app works in, on this device. */
export function activeBranchStorageKey(userId: string): string {
  return `branchbook.branch.${userId}`;
}

export interface BranchMembership {
  branchId: string;
  name: string;
  role: BranchRole;
  /** A committee member's portfolio (支委分工), when the server has one. */
  duty?: CommitteeDuty;
}

/**
 * A signed-in account on this device: enough to open documents for weeks without the network.
 * `revoked` is set when the server refused the token (close code 4401), so the app stops trying
 * and asks the member to sign in again.
 */
export interface AccountSession {
  /** The server's origin, e.g. `https://dangjian.example.org` — no path, no trailing slash. */
  serverUrl: string;
  token: string;
  userId: string;
  name: string;
  branches: BranchMembership[];
  revoked?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one branch membership from untrusted JSON (the server or this device's storage). */
export function parseMembership(value: unknown): BranchMembership | null {
  if (!isRecord(value)) return null;
  const { branchId, name, role, duty } = value;
  if (typeof branchId !== 'string' || !isValidId(branchId) || !isBranchRole(role)) return null;
  const membership = { branchId, name: typeof name === 'string' && name !== '' ? name : branchId };
  return isCommitteeDuty(duty) ? { ...membership, role, duty } : { ...membership, role };
}

export function parseMemberships(value: unknown): BranchMembership[] {
  if (!Array.isArray(value)) return [];
  return value.map(parseMembership).filter((m): m is BranchMembership => m !== null);
}

/**
 * Parses what `serializeSession` stored; null for anything else (absent, corrupt, or from an
 * older build) — the device then simply counts as signed out, which loses no data.
 */
export function parseSession(raw: string | null): AccountSession | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { serverUrl, token, userId, name, branches, revoked } = value;
  if (typeof serverUrl !== 'string' || normaliseServerUrl(serverUrl) !== serverUrl) return null;
  if (typeof token !== 'string' || token === '') return null;
  if (typeof userId !== 'string' || !isValidId(userId)) return null;
  const session: AccountSession = {
    serverUrl,
    token,
    userId,
    name: typeof name === 'string' && name !== '' ? name : userId,
    branches: parseMemberships(branches),
  };
  if (revoked === true) session.revoked = true;
  return session;
}

export function serializeSession(session: AccountSession): string {
  return JSON.stringify(session);
}

/**
 * The origin of a server address as typed: a bare host gets `https://` (or `http://` for a
 * LAN address or localhost); a path, query or trailing slash is dropped. Null when it is not one.
 *
 * @example normaliseServerUrl('dangjian.example.org/') // 'https://dangjian.example.org'
 */
export function normaliseServerUrl(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `${looksLocal(trimmed) ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.origin;
}

function looksLocal(hostAndPath: string): boolean {
  return /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1)/i.test(hostAndPath);
}

/** The sync endpoint of a server origin: `https://h` → `wss://h/sync`. */
export function syncUrlFor(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/sync`;
}

export type Credential =
  | { kind: 'token'; token: string }
  | { kind: 'invite'; code: string }
  | { kind: 'empty' }
  | { kind: 'unknown' };

/** Invite codes are twelve Crockford base32 characters, grouped `7KQ4-M2XD-9HTR` when printed. */
const INVITE_PATTERN = /^[0-9A-Z]{12}$/;

/**
 * Tells a sign-in token (`bb_…`, issued by the admin) from an invite code (`7KQ4-M2XD-9HTR`, typed
 * by hand in any case, with or without dashes or spaces).
 */
export function classifyCredential(input: string): Credential {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (/^bb_[A-Za-z0-9_-]+$/.test(trimmed)) return { kind: 'token', token: trimmed };
  const compact = trimmed.toUpperCase().replace(/[\s-]/g, '');
  if (INVITE_PATTERN.test(compact)) return { kind: 'invite', code: trimmed };
  return { kind: 'unknown' };
}

/** Secretary and committee members see the branch's study table and members' logs. */
export function isCommitteeRole(role: BranchRole): boolean {
  return role === 'secretary' || role === 'committee';
}
