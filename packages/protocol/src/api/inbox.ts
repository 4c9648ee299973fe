import * as v from 'valibot';
import { Id } from './common.ts';

/**
 * What the inbox tells about, one kind per registry event (see `registry_events`):
 * - `plan.shared`: a plan led by another branch now includes the reader's branch;
 * - `lesson.coAuthor`: the reader was made a co-author of a draft;
 * - `lesson.submitted`: a draft of the reader's branch awaits the committee's review;
 * - `lesson.returned` / `lesson.approved`: the committee answered the reader's draft (`detail`:
 *   the note);
 * - `pairing.proposed` / `pairing.accepted` / `pairing.declined` / `pairing.ended`: a pairing
 *   of the reader's branch (`detail`: the other branch's name).
 */
export const INBOX_KINDS = [
  'plan.shared',
  'lesson.coAuthor',
  'lesson.submitted',
  'lesson.returned',
  'lesson.approved',
  'pairing.proposed',
  'pairing.accepted',
  'pairing.declined',
  'pairing.ended',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** One event as the inbox shows it: never an id on screen, only names and a link. */
export const InboxEvent = v.object({
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** ms since epoch. */
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  kind: v.picklist(INBOX_KINDS),
  /** Who did it, by their name now. */
  actorName: v.string(),
  /** The plan, lesson or pairing it is about (for the link). */
  refId: Id,
  /** The branch it is about (the plan's lead, the draft's branch), by its name now. */
  branchName: v.optional(v.string()),
  detail: v.optional(v.string()),
});
export type InboxEvent = v.InferOutput<typeof InboxEvent>;

/**
 * `GET /api/inbox?after=<seq>`: the events after `seq` that concern the caller, oldest first, at
 * most 100 (`more` when there are further ones); without `after`, the newest 50. `last` is the
 * cursor to ask from next time.
 */
export const InboxQuery = v.object({
  after: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}$/, 'a sequence number'),
      v.transform((s) => Number(s)),
    ),
  ),
});

export const InboxResponse = v.object({
  events: v.array(InboxEvent),
  last: v.pipe(v.number(), v.integer(), v.minValue(0)),
  more: v.boolean(),
});
export type InboxResponse = v.InferOutput<typeof InboxResponse>;
