import * as v from 'valibot';
import { DeviceName, Id, Role } from './common.ts';

/** A name that must be there: not empty once trimmed (an institution, a branch, a person). */
export const RequiredName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(64, 'at most 64 characters'),
);

/**
 * `POST /api/setup`: the one-time setup code the server printed on its first start (read from the
 * link's `#` part, so it never travels in a URL), the institution's name and its organiser's.
 */
export const SetupRequest = v.object({
  code: v.pipe(v.string(), v.maxLength(64, 'at most 64 characters')),
  institution: RequiredName,
  name: RequiredName,
  /** What this device calls itself (its entry in the account's devices). */
  deviceName: v.optional(DeviceName),
});
export type SetupRequest = v.InferOutput<typeof SetupRequest>;

/** The organiser is signed in on this device with `token`, like a redeemed invite. */
export const SetupResponse = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  userId: Id,
  name: v.string(),
  institution: v.string(),
});
export type SetupResponse = v.InferOutput<typeof SetupResponse>;

/** One branch of the directory: its name and headcount — never who its members are. */
export const DirectoryBranch = v.object({
  id: Id,
  name: v.string(),
  members: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type DirectoryBranch = v.InferOutput<typeof DirectoryBranch>;

/** `GET /api/institution` (the organiser): the institution's name and its branches. */
export const InstitutionResponse = v.object({
  name: v.string(),
  branches: v.array(DirectoryBranch),
});
export type InstitutionResponse = v.InferOutput<typeof InstitutionResponse>;

/** `POST /api/institution/branches`: a new branch by its name (the server chooses its id). */
export const CreateBranchRequest = v.object({ name: RequiredName });
export type CreateBranchRequest = v.InferOutput<typeof CreateBranchRequest>;

/** How long an invite stays open, in days: a day, a week (the default) or a month. */
export const INVITE_DAYS = [1, 7, 30] as const;
export const DEFAULT_INVITE_DAYS = 7;

/** `POST /api/branches/:id/invites`: the role, and the person's name when the inviter knows it. */
export const CreateInviteRequest = v.object({
  role: Role,
  name: v.optional(RequiredName),
  days: v.optional(v.picklist(INVITE_DAYS), DEFAULT_INVITE_DAYS),
});
export type CreateInviteRequest = v.InferInput<typeof CreateInviteRequest>;

/** An open invite as listed: never its code, which only its creator saw, once. */
export const InviteView = v.object({
  id: Id,
  role: Role,
  name: v.optional(v.string()),
  /** ISO 8601. */
  expiresAt: v.string(),
});
export type InviteView = v.InferOutput<typeof InviteView>;

/** A new invite: its one-time code, shown once (as the code, a `/join#<code>` link and a QR). */
export const CreatedInvite = v.object({
  ...InviteView.entries,
  branchId: Id,
  code: v.pipe(v.string(), v.minLength(1)),
});
export type CreatedInvite = v.InferOutput<typeof CreatedInvite>;

/** `GET /api/branches/:id/invites`, and the answer of a revoke: the branch's open invites. */
export const InvitesResponse = v.object({ branchId: Id, invites: v.array(InviteView) });
export type InvitesResponse = v.InferOutput<typeof InvitesResponse>;

export const InviteParams = v.object({ id: Id, invite: Id });
