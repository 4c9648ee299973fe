import { canWrite, type DocMeta } from '@branchbook/model';

/**
 * Whether this client may edit a lesson draft it has open, and if not, why — each reason is shown
 * to the member in its own words:
 * - `newer-schema`: the draft was written by a newer app version (`meta.minWriterVersion` above
 *   what this build writes). An older editor would delete the nodes it does not know, for every
 *   co-author, so nothing may be written — not even meta — and the text is shown without an
 *   editor bound to it.
 * - `not-loaded`: this device has no copy yet (a co-author opening it for the first time,
 *   offline or before the server answered). Typing into an empty copy would be merged as a new
 *   text in front of the real one.
 * - `not-writer`: the viewer is neither the author nor a co-author (e.g. a committee member
 *   reviewing); the server would drop their changes.
 */
export type LessonEditMode =
  { mode: 'edit' } | { mode: 'read'; reason: 'newer-schema' | 'not-loaded' | 'not-writer' };

export interface LessonEditInputs {
  meta: DocMeta;
  /** `SCHEMA_VERSION.lesson` of this build. */
  clientVersion: number;
  /** The draft's id as read from the doc; '' while the doc holds no draft yet. */
  draftId: string;
  authorId: string;
  coAuthors: readonly string[];
  viewerId: string;
}

/**
 * The schema guard first: a newer document is read-only whatever else is true.
 *
 * @example lessonEditMode({ meta: { kind: 'lesson', schemaVersion: 3, minWriterVersion: 3 }, clientVersion: 2, … })
 * // { mode: 'read', reason: 'newer-schema' }
 */
export function lessonEditMode(inputs: LessonEditInputs): LessonEditMode {
  if (!canWrite(inputs.meta, inputs.clientVersion)) return { mode: 'read', reason: 'newer-schema' };
  if (inputs.draftId === '') return { mode: 'read', reason: 'not-loaded' };
  const writer = inputs.viewerId === inputs.authorId || inputs.coAuthors.includes(inputs.viewerId);
  return writer ? { mode: 'edit' } : { mode: 'read', reason: 'not-writer' };
}
