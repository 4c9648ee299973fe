import * as v from 'valibot';
import { DeviceName, Duty, Id, Name, Role } from './common.ts';

/** `POST /api/redeem`: a one-time invite code, plus a name for a new member. */
export const RedeemRequest = v.object({
  code: v.pipe(v.string(), v.maxLength(64, 'at most 64 characters')),
  name: v.optional(Name),
  /** What this device calls itself (its entry in the account's devices). */
  deviceName: v.optional(DeviceName),
  /** A pairing invite's: the name of the redeemer's own branch (another institution's). */
  branch: v.optional(Name),
});
export type RedeemRequest = v.InferOutput<typeof RedeemRequest>;

export const RedeemResponse = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  userId: Id,
  name: v.string(),
  branchId: Id,
  role: Role,
});
export type RedeemResponse = v.InferOutput<typeof RedeemResponse>;

export const MembershipView = v.object({
  branchId: Id,
  name: v.string(),
  role: Role,
  duty: v.optional(Duty),
  /** Another institution's branch, paired with one of ours through a pairing invite. */
  outside: v.optional(v.boolean()),
});
export type MembershipView = v.InferOutput<typeof MembershipView>;

/** `GET /api/me`: who the token signs in, and their branches. */
export const MeResponse = v.object({
  userId: Id,
  name: v.string(),
  branches: v.array(MembershipView),
  /** Present (true) for the institution's organiser (机关党委 / 党委组织员). */
  organiser: v.optional(v.boolean()),
});
export type MeResponse = v.InferOutput<typeof MeResponse>;

export const BranchParams = v.object({ id: Id });

/**
 * One member of a roster: names for every member; for the committee also `role`, `duty`, when
 * they joined (`joinedAt`, ISO 8601; absent for memberships older than the record), their party
 * group and how many devices are signed in (`devices`: unrevoked tokens) — two people of one name
 * are told apart by these, never by an id on screen.
 */
export const RosterMember = v.object({
  userId: Id,
  name: v.string(),
  role: v.optional(Role),
  duty: v.optional(Duty),
  joinedAt: v.optional(v.string()),
  groupId: v.optional(Id),
  devices: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type RosterMember = v.InferOutput<typeof RosterMember>;

/** A member the secretary removed (the committee sees them): their log stays with the branch. */
export const RemovedMember = v.object({
  userId: Id,
  name: v.string(),
  role: Role,
  /** ISO 8601. */
  removedAt: v.string(),
});
export type RemovedMember = v.InferOutput<typeof RemovedMember>;

/** `GET /api/branches/:id/members`; `removed` for the committee only. */
export const MembersResponse = v.object({
  branchId: Id,
  members: v.array(RosterMember),
  removed: v.optional(v.array(RemovedMember)),
});
export type MembersResponse = v.InferOutput<typeof MembersResponse>;
