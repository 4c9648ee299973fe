import { isCommitteeDuty, isValidId, type BranchRole, type CommitteeDuty } from '@branchbook/model';
import { MembershipView, parseWith } from '@branchbook/protocol';
import { isRecord } from '$lib/device/storage.ts';

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
  /** Another institution's branch, paired with one of this server's through an invite. */
  outside?: boolean;
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
  /** The institution's organiser (机关党委 / 党委组织员): the branch directory and secretary invites. */
  organiser?: boolean;
  revoked?: boolean;
}

/** Reads one branch membership from untrusted JSON (this device's storage), as the API sends it. */
export function parseMembership(value: unknown): BranchMembership | null {
  if (!isRecord(value)) return null;
  // A duty this build does not know (a newer server's) is dropped, the membership kept.
  const parsed = parseWith(MembershipView, {
    ...value,
    duty: isCommitteeDuty(value.duty) ? value.duty : undefined,
  });
  if (!parsed.ok) return null;
  const { branchId, name, role, duty, outside } = parsed.value;
  const membership: BranchMembership = { branchId, name: name === '' ? branchId : name, role };
  if (duty) membership.duty = duty;
  if (outside === true) membership.outside = true;
  return membership;
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
  const { serverUrl, token, userId, name, branches, revoked, organiser } = value;
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
  if (organiser === true) session.organiser = true;
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
  | { kind: 'sign-in-code'; code: string }
  | { kind: 'empty' }
  | { kind: 'unknown' };

/** Invite codes are twelve Crockford base32 characters, grouped `7KQ4-M2XD-9HTR` when printed. */
const INVITE_PATTERN = /^[0-9A-Z]{12}$/;
/** A second device's sign-in code: eight, `7KQ4-M2XD`, shown on a device already signed in. */
const SIGN_IN_CODE_PATTERN = /^[0-9A-Z]{8}$/;

/**
 * Tells a sign-in token (`bb_…`, issued by the admin) from an invite code (`7KQ4-M2XD-9HTR`) and a
 * second device's sign-in code (`7KQ4-M2XD`), typed by hand in any case, with or without dashes
 * or spaces.
 */
export function classifyCredential(input: string): Credential {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (/^bb_[A-Za-z0-9_-]+$/.test(trimmed)) return { kind: 'token', token: trimmed };
  const compact = trimmed.toUpperCase().replace(/[\s-]/g, '');
  if (INVITE_PATTERN.test(compact)) return { kind: 'invite', code: trimmed };
  if (SIGN_IN_CODE_PATTERN.test(compact)) return { kind: 'sign-in-code', code: trimmed };
  return { kind: 'unknown' };
}

/** Secretary and committee members see the branch's study table and members' logs (the access rule's). */
export { isCommitteeRole } from '@branchbook/model';
