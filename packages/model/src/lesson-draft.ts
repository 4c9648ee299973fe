import * as Y from 'yjs';
import { isValidId, type Result } from './doc-name.ts';
import { stampMeta } from './meta.ts';
import {
  DATE_PATTERN,
  isOneOf,
  readOneOf,
  readString,
  readTimestamp,
  writeFields,
} from './scalars.ts';
import { InputRejected } from './input-rejected.ts';
import {
  TEXT_FIELD_PREFIX,
  defineTextFields,
  readTextField,
  setTextField,
  textField,
  type TextField,
} from './text-field.ts';

/**
 * A lesson draft (党课讲稿 / 微党课), the `lesson:<lessonId>` document: metadata, co-authors, a
 * review status, named versions, and the body as one rich-text fragment that only the editor
 * writes (seeding an editor with content duplicates it on every client). All containers are
 * root-level; defaults are applied by `readLesson`, never written.
 *
 * Named versions need history: create this doc with `new Y.Doc({ gc: false })`.
 */

/** Names of the rich-text fragments; the editor binds with `doc.getXmlFragment(name)`. */
export const LESSON_RICH_TEXT = { body: 'body' } as const;

export const LESSON_TYPES = ['standard', 'micro', 'special', 'integrity'] as const;
/** standard 党课, micro 微党课, special 专题党课, integrity 廉政党课. */
export type LessonType = (typeof LESSON_TYPES)[number];

export const REVIEW_STATUSES = ['draft', 'submitted', 'approved'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface LessonReview {
  status: ReviewStatus;
  /** Who made the last status change, and when (ms since epoch); '' and 0 before any. */
  by: string;
  /**
   * Their name as it was then, so every reader can name them (members cannot read the roster);
   * '' in records written before it was kept.
   */
  byName: string;
  at: number;
  /** The reviewer's note, e.g. why a draft was returned. */
  note: string;
}

export interface LessonDraft {
  id: string;
  authorId: string;
  title: string;
  subtitle: string;
  speaker: string;
  /** `YYYY-MM-DD` of the lecture, or '' when not yet set. */
  date: string;
  audience: string;
  type: LessonType;
  /** Sorted user ids. */
  coAuthors: string[];
}

export type LessonInputError =
  | { code: 'bad-id'; value: string }
  | { code: 'bad-date'; value: string }
  | { code: 'bad-type'; value: string }
  | { code: 'author-as-co-author'; userId: string }
  | { code: 'already-initialised'; id: string };

export class LessonInputRejected extends InputRejected<LessonInputError> {
  constructor(errors: LessonInputError[]) {
    super('LessonInputRejected', 'lesson input', errors);
  }
}

function reject(errors: LessonInputError[]): void {
  if (errors.length > 0) throw new LessonInputRejected(errors);
}

function fields(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('lesson');
}
function coAuthorsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('coAuthors');
}
function versionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('versions');
}

/** The draft's one-line texts that merge character-wise (see `text-field.ts`). */
export const LESSON_TEXT_FIELDS = ['title', 'subtitle', 'speaker', 'audience'] as const;
export type LessonTextField = (typeof LESSON_TEXT_FIELDS)[number];

/** `text:title`, `text:subtitle` …, falling back to the schema-1 string in `lesson` until written. */
export function lessonText(doc: Y.Doc, field: LessonTextField): TextField {
  return textField(doc, `${TEXT_FIELD_PREFIX}${field}`, () => fields(doc).get(field));
}

export interface LessonPatch {
  title?: string;
  subtitle?: string;
  speaker?: string;
  date?: string;
  audience?: string;
  type?: LessonType;
}

export function validateLessonPatch(patch: LessonPatch): LessonInputError[] {
  const errors: LessonInputError[] = [];
  // The lecture date goes into the ledger and the 学时 of every listener; it must be a real date.
  if (patch.date !== undefined && patch.date !== '' && !DATE_PATTERN.test(patch.date)) {
    errors.push({ code: 'bad-date', value: patch.date });
  }
  // The type sets the length guidance; an unknown one would silently read as "standard".
  if (patch.type !== undefined && !isOneOf(LESSON_TYPES, patch.type)) {
    errors.push({ code: 'bad-type', value: patch.type });
  }
  return errors;
}

export type ReviewTransitionError =
  | { code: 'unknown-status'; value: string }
  | { code: 'unchanged'; status: ReviewStatus }
  | { code: 'not-allowed'; from: ReviewStatus; to: ReviewStatus };

/**
 * draft → submitted → approved. The committee may return a submitted draft (→ draft), and an
 * approved one goes back to draft to be changed and submitted again. Approving a draft nobody
 * submitted, or submitting an approved one, would skip the committee's review or hide that it
 * happened.
 */
export function validateReviewTransition(
  from: ReviewStatus,
  to: string,
): ReviewTransitionError | undefined {
  if (!isOneOf(REVIEW_STATUSES, to)) return { code: 'unknown-status', value: to };
  if (from === to) return { code: 'unchanged', status: from };
  const allowed =
    (from === 'draft' && to === 'submitted') ||
    (from === 'submitted' && (to === 'approved' || to === 'draft')) ||
    (from === 'approved' && to === 'draft');
  return allowed ? undefined : { code: 'not-allowed', from, to };
}

/** The typed view of the draft's metadata; defaults are applied here, never written. */
export function readLesson(doc: Y.Doc): LessonDraft {
  defineTextFields(doc);
  const lesson = fields(doc);
  const coAuthors: string[] = [];
  for (const [userId, present] of coAuthorsMap(doc).entries()) {
    if (present === true) coAuthors.push(userId);
  }
  return {
    id: readString(lesson.get('id')),
    authorId: readString(lesson.get('authorId')),
    title: readTextField(lessonText(doc, 'title')),
    subtitle: readTextField(lessonText(doc, 'subtitle')),
    speaker: readTextField(lessonText(doc, 'speaker')),
    date: readString(lesson.get('date')),
    audience: readTextField(lessonText(doc, 'audience')),
    type: readOneOf(LESSON_TYPES, lesson.get('type'), 'standard'),
    coAuthors: coAuthors.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

export interface LessonInit {
  id: string;
  authorId: string;
  /** Written only when given; reads as 'standard' otherwise. */
  type?: LessonType;
}

/** Creates the draft on the author's device: stamps meta and writes id and author only. */
export function initLesson(doc: Y.Doc, init: LessonInit): void {
  const errors: LessonInputError[] = [];
  for (const id of [init.id, init.authorId]) {
    if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  }
  if (init.type !== undefined) errors.push(...validateLessonPatch({ type: init.type }));
  const existing = readString(fields(doc).get('id'));
  // A doc holds one draft; re-initialising it as another would mix two drafts.
  if (existing !== '' && existing !== init.id) {
    errors.push({ code: 'already-initialised', id: existing });
  }
  reject(errors);
  doc.transact(() => {
    stampMeta(doc, 'lesson');
    if (existing === init.id) return;
    writeFields(fields(doc), { id: init.id, authorId: init.authorId, type: init.type });
  });
}

export function updateLesson(doc: Y.Doc, patch: LessonPatch): void {
  reject(validateLessonPatch(patch));
  const lesson = fields(doc);
  const rest: Record<string, unknown> = { ...patch };
  doc.transact(() => {
    for (const field of LESSON_TEXT_FIELDS) {
      const text = rest[field];
      delete rest[field];
      if (typeof text === 'string') setTextField(lessonText(doc, field), text);
    }
    writeFields(lesson, rest);
  });
}

/** Co-authors are a set keyed by user id, so two devices adding different people both win. */
export function addCoAuthor(doc: Y.Doc, userId: string): void {
  const errors: LessonInputError[] = [];
  if (!isValidId(userId)) errors.push({ code: 'bad-id', value: userId });
  // The author already has every right; listing them twice would confuse the access list.
  if (userId === readString(fields(doc).get('authorId'))) {
    errors.push({ code: 'author-as-co-author', userId });
  }
  reject(errors);
  const map = coAuthorsMap(doc);
  if (map.get(userId) !== true) map.set(userId, true);
}

export function removeCoAuthor(doc: Y.Doc, userId: string): void {
  coAuthorsMap(doc).delete(userId);
}

// ---- body text and speaking time ----

function collectText(
  node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook,
  out: string[],
): void {
  if (node instanceof Y.XmlText) {
    for (const op of node.toDelta() as { insert?: unknown }[]) {
      if (typeof op.insert === 'string') out.push(op.insert);
    }
  } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
    for (const child of node.toArray()) collectText(child, out);
    if (node instanceof Y.XmlElement) out.push('\n');
  }
}

/** The body as plain text, one line per block; for counting and search, not for display. */
export function lessonBodyText(doc: Y.Doc): string {
  const out: string[] = [];
  collectText(doc.getXmlFragment(LESSON_RICH_TEXT.body), out);
  return out.join('').replace(/\n+/g, '\n').trim();
}

/** Characters that are spoken: everything but whitespace, punctuation and symbols. */
export function countSpokenChars(text: string): number {
  let count = 0;
  for (const char of text) if (!/[\s\p{P}\p{S}]/u.test(char)) count++;
  return count;
}

/** Characters per minute of a prepared Chinese speech, read at a measured pace (220 字/分钟). */
export const SPEAKING_RATE_CHARS_PER_MINUTE = 220;

/**
 * Whole minutes to deliver `charCount` spoken characters at 220 字/分钟 (prepared speeches run at
 * about 200–250). A ~3,000-character micro lecture estimates 14 minutes.
 */
export function estimateSpeakingMinutes(charCount: number): number {
  if (!Number.isFinite(charCount) || charCount <= 0) return 0;
  return Math.ceil(charCount / SPEAKING_RATE_CHARS_PER_MINUTE);
}

/** Usual lengths in minutes: a standard lecture 45–60, a micro lecture 5–15; special and 廉政 as standard. */
export const LESSON_LENGTH_MINUTES: Readonly<Record<LessonType, { min: number; max: number }>> = {
  standard: { min: 45, max: 60 },
  micro: { min: 5, max: 15 },
  special: { min: 45, max: 60 },
  integrity: { min: 45, max: 60 },
};

export interface LengthGuidance {
  minMinutes: number;
  maxMinutes: number;
  verdict: 'under' | 'within' | 'over';
}

/** Compares an estimate with the usual length for the type; guidance to show, never a refusal. */
export function lengthGuidance(type: LessonType, estimatedMinutes: number): LengthGuidance {
  const { min, max } = LESSON_LENGTH_MINUTES[type] ?? LESSON_LENGTH_MINUTES.standard;
  const verdict = estimatedMinutes < min ? 'under' : estimatedMinutes > max ? 'over' : 'within';
  return { minMinutes: min, maxMinutes: max, verdict };
}

// ---- named versions ----

export interface LessonVersion {
  id: string;
  name: string;
  at: number;
  by: string;
  /** Spoken characters of the body at that time. */
  chars: number;
}

export type SaveVersionError =
  | { code: 'gc-enabled' }
  | { code: 'bad-id'; value: string }
  | { code: 'duplicate-id'; id: string }
  | { code: 'empty-name' };

export type OpenVersionError =
  { code: 'no-such-version'; id: string } | { code: 'unreadable-version'; id: string };

/** A detached doc holding the body (and metadata) as they are now; small, history-free. */
function copyOfCurrent(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  copy.transact(() => {
    for (const name of ['meta', 'lesson']) {
      const target = copy.getMap(name);
      for (const [key, value] of doc.getMap(name).entries()) {
        if (!(value instanceof Y.AbstractType)) target.set(key, value);
      }
    }
    // The copy keeps the one-line texts as plain strings (the schema-1 keys, read as fallback).
    for (const field of LESSON_TEXT_FIELDS) {
      copy.getMap('lesson').set(field, readTextField(lessonText(doc, field)));
    }
    const body = doc.getXmlFragment(LESSON_RICH_TEXT.body);
    copy.getXmlFragment(LESSON_RICH_TEXT.body).insert(
      0,
      body
        .toArray()
        // Tiptap writes elements and text only; hooks are a y-dom feature it never uses.
        .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook))
        .map((node) => node.clone()),
    );
  });
  return copy;
}

/**
 * Saves a named version (e.g. "送审稿"): a Yjs snapshot of the doc, plus the body and metadata as
 * they are now, encoded as a standalone update that `openVersion` loads into a fresh doc.
 *
 * Requires `doc.gc === false` (create the doc with `new Y.Doc({ gc: false })`): a snapshot only
 * means something while deleted content is kept, and lets the editor show changes since a version
 * on the live doc. Returns `gc-enabled` otherwise. The standalone copy holds only the current body,
 * not earlier versions, so each version costs about one body, and it stays readable even if some
 * peer later collects history.
 */
export function saveVersion(
  doc: Y.Doc,
  version: { id: string; name: string; at: number; by: string },
): Result<LessonVersion, SaveVersionError> {
  if (doc.gc) return { ok: false, error: { code: 'gc-enabled' } };
  if (!isValidId(version.id)) return { ok: false, error: { code: 'bad-id', value: version.id } };
  const versions = versionsMap(doc);
  // Version ids are fresh per save; reusing one would overwrite a version others may rely on.
  if (versions.has(version.id)) {
    return { ok: false, error: { code: 'duplicate-id', id: version.id } };
  }
  // The name is how people find a version in the list ("初稿", "送审稿"); blank ones are unfindable.
  const name = version.name.trim();
  if (name === '') return { ok: false, error: { code: 'empty-name' } };

  const snapshot = Y.encodeSnapshotV2(Y.snapshot(doc));
  const copy = copyOfCurrent(doc);
  const update = Y.encodeStateAsUpdate(copy);
  const chars = countSpokenChars(lessonBodyText(copy));
  copy.destroy();
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    versions.set(version.id, entry);
    writeFields(entry, { name, at: version.at, by: version.by, chars, snapshot, update });
  });
  return { ok: true, value: { id: version.id, name, at: version.at, by: version.by, chars } };
}

/** Saved versions, oldest first. */
export function listVersions(doc: Y.Doc): LessonVersion[] {
  const list: LessonVersion[] = [];
  for (const [id, entry] of versionsMap(doc).entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const chars = entry.get('chars');
    list.push({
      id,
      name: readString(entry.get('name')),
      at: readTimestamp(entry.get('at')),
      by: readString(entry.get('by')),
      chars: typeof chars === 'number' && Number.isSafeInteger(chars) && chars >= 0 ? chars : 0,
    });
  }
  return list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A detached copy of the draft as it was at version `id`: bind a read-only editor to its `body`
 * fragment. Edits to the copy reach nobody. Restoring a version is a new change made by the app
 * (it replaces the editor's content through Tiptap), so history and co-authors' carets stay intact;
 * the model only provides the content.
 */
export function openVersion(doc: Y.Doc, id: string): Result<Y.Doc, OpenVersionError> {
  const entry = versionsMap(doc).get(id);
  const update = entry instanceof Y.Map ? entry.get('update') : undefined;
  if (!(entry instanceof Y.Map)) return { ok: false, error: { code: 'no-such-version', id } };
  if (!(update instanceof Uint8Array)) {
    return { ok: false, error: { code: 'unreadable-version', id } };
  }
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, update);
  } catch {
    copy.destroy();
    return { ok: false, error: { code: 'unreadable-version', id } };
  }
  return { ok: true, value: copy };
}

/**
 * The Yjs snapshot stored with version `id`, for showing changes since that version on the live
 * doc (which must have `gc: false` from the start). `undefined` if absent or unreadable.
 */
export function versionSnapshot(doc: Y.Doc, id: string): Y.Snapshot | undefined {
  const bytes = versionsMap(doc).get(id)?.get('snapshot');
  if (!(bytes instanceof Uint8Array)) return undefined;
  try {
    return Y.decodeSnapshotV2(bytes);
  } catch {
    return undefined;
  }
}
