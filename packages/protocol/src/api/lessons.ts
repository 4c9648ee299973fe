import * as v from 'valibot';
import { REVIEW_STATUSES } from '@branchbook/model';
import { Id, idList } from './common.ts';

/** A review note: a sentence or two for the author, never an essay. */
export const ReviewNote = v.pipe(v.string(), v.maxLength(500, 'at most 500 characters'));

/**
 * A draft's review as the registry keeps it (the model's `LessonReview`): the status, who made
 * the last change and their name ('' before any), when (ms since epoch, 0 before any), the note.
 */
export const LessonReview = v.object({
  status: v.picklist(REVIEW_STATUSES),
  by: v.union([Id, v.literal('')]),
  byName: v.string(),
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  note: v.string(),
});

/** A registered lesson draft. */
export const Lesson = v.object({
  id: Id,
  authorId: Id,
  branchId: Id,
  coAuthorIds: v.array(Id),
  review: LessonReview,
});
export type Lesson = v.InferOutput<typeof Lesson>;

/** `GET /api/lessons`. */
export const LessonsResponse = v.object({ lessons: v.array(Lesson) });
export type LessonsResponse = v.InferOutput<typeof LessonsResponse>;

/** `POST /api/lessons`: co-authors (at most 20) must be members of `branch`. */
export const RegisterLessonRequest = v.object({
  id: Id,
  branch: Id,
  coAuthors: v.optional(idList(20), []),
});
export type RegisterLessonRequest = v.InferInput<typeof RegisterLessonRequest>;

export const LessonParams = v.object({ id: Id });

/** `PATCH /api/lessons/:id`. */
export const ChangeLessonRequest = v.object({ coAuthors: idList(20) });
export type ChangeLessonRequest = v.InferInput<typeof ChangeLessonRequest>;

/**
 * `POST /api/lessons/:id/review`: move the review to `status` — submit (draft → submitted) or
 * reopen (approved → draft) as a writer; approve (submitted → approved) or return (submitted →
 * draft, with a note) as the committee. `from` is the status the caller saw: if it changed
 * meanwhile, 409 `review_changed` rather than acting on a state nobody looked at.
 */
export const ReviewLessonRequest = v.object({
  from: v.picklist(REVIEW_STATUSES),
  status: v.picklist(REVIEW_STATUSES),
  note: v.optional(ReviewNote, ''),
});
export type ReviewLessonRequest = v.InferInput<typeof ReviewLessonRequest>;
