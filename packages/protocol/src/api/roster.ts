import * as v from 'valibot';
import { Duty, Id, Role } from './common.ts';
import { RequiredName } from './institution.ts';

/**
 * The secretary runs the roster and the party groups (issue 14, items 3 and 4): rename a member,
 * change role and duty, move them between groups, remove them; form, rename and delete groups and
 * name their leaders (党小组长).
 */

export const MemberParams = v.object({ id: Id, user: Id });

/**
 * `PATCH /api/branches/:id/members/:user`: only what changes. `duty: null` clears the duty (a
 * plain member has none), `groupId: null` takes the member out of their group. The name is the
 * person's one name: it changes in every branch they belong to.
 */
export const ChangeMemberRequest = v.object({
  name: v.optional(RequiredName),
  role: v.optional(Role),
  duty: v.optional(v.nullable(Duty)),
  groupId: v.optional(v.nullable(Id)),
});
export type ChangeMemberRequest = v.InferInput<typeof ChangeMemberRequest>;

export const GroupParams = v.object({ id: Id, group: Id });

/**
 * A party group: its name and leader for every member of the branch; `memberIds` for the
 * committee, and for the group's own leader.
 */
export const PartyGroupView = v.object({
  id: Id,
  name: v.string(),
  leaderId: v.optional(Id),
  memberIds: v.optional(v.array(Id)),
});
export type PartyGroupView = v.InferOutput<typeof PartyGroupView>;

/** `GET /api/branches/:id/groups`, and the answer of every group change; `mine`: the caller's group. */
export const GroupsResponse = v.object({
  branchId: Id,
  groups: v.array(PartyGroupView),
  mine: v.optional(Id),
});
export type GroupsResponse = v.InferOutput<typeof GroupsResponse>;

/** `POST /api/branches/:id/groups`: a name (one per branch), maybe its leader. */
export const CreateGroupRequest = v.object({ name: RequiredName, leaderId: v.optional(Id) });
export type CreateGroupRequest = v.InferInput<typeof CreateGroupRequest>;

/** `PATCH /api/branches/:id/groups/:group`: a new name, or a leader (`null`: none). */
export const ChangeGroupRequest = v.object({
  name: v.optional(RequiredName),
  leaderId: v.optional(v.nullable(Id)),
});
export type ChangeGroupRequest = v.InferInput<typeof ChangeGroupRequest>;
