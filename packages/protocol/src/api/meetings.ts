import * as v from 'valibot';
import { MEETING_KINDS } from '@branchbook/model';
import { Id, idList } from './common.ts';

/** A registered meeting record: its branch, kind, a group meeting's group, a talk's two people. */
export const Meeting = v.object({
  id: Id,
  branchId: Id,
  kind: v.picklist(MEETING_KINDS),
  groupId: v.optional(Id),
  participantIds: v.array(Id),
});
export type Meeting = v.InferOutput<typeof Meeting>;

/** `GET /api/meetings`: the records of the caller's branches that the caller may read. */
export const MeetingsResponse = v.object({ meetings: v.array(Meeting) });
export type MeetingsResponse = v.InferOutput<typeof MeetingsResponse>;

/**
 * `POST /api/meetings`: `group` for a group meeting (党小组会), exactly two `participants` for a
 * talk (谈心谈话), neither for the other kinds. The kind is fixed once registered: it decides who
 * may read the record.
 */
export const RegisterMeetingRequest = v.object({
  id: Id,
  branch: Id,
  kind: v.picklist(MEETING_KINDS),
  group: v.optional(Id),
  participants: v.optional(idList(2), []),
});
export type RegisterMeetingRequest = v.InferInput<typeof RegisterMeetingRequest>;
