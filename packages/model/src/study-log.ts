import * as Y from 'yjs';
import { InputRejected } from './input-rejected.ts';

/**
 * A member's study log (`study:<userId>`). Each entry is a `Y.Map` created together with the
 * entry under a fresh id, so concurrent edits of different fields of one entry merge per field.
 * Deletion is a tombstone field, so "undo" is a plain write and an offline edit made to an entry
 * someone else deleted is kept, not silently lost.
 */
export const STUDY_FORMS = [
  'group',
  'self',
  'online',
  'seminar',
  'visit',
  'lecture',
  'film',
] as const;
export type StudyForm = (typeof STUDY_FORMS)[number];

/** Forms that count toward the annual minimum by default: group study and training, not self-study. */
const COUNTING_FORMS: ReadonlySet<StudyForm> = new Set([
  'group',
  'seminar',
  'visit',
  'lecture',
  'film',
]);

export interface StudyEntry {
  id: string;
  /** Calendar date, `YYYY-MM-DD`, local to the member. */
  date: string;
  /** Duration in minutes. */
  minutes: number;
  /** 学时 credited: the stored value when someone set it, else derived from `minutes`. */
  credit: number;
  form: StudyForm;
  /** Whether the entry counts toward the annual target: stored, else derived from `form`. */
  counts: boolean;
  /** True when someone set `credit` by hand; false when it follows `minutes`. */
  creditSet: boolean;
  /** True when someone set `counts` by hand; false when it follows `form`. */
  countsSet: boolean;
  title: string;
  source: string;
  chapter: string;
  organiser: string;
  place: string;
  leadReader: string;
  reflection: string;
  /** The meeting record this entry came from ('' for one the member typed): see meeting-credits.ts. */
  meetingId: string;
  deleted: boolean;
  createdAt: number;
}

export type StudyEntryInput = Partial<
  Omit<StudyEntry, 'id' | 'deleted' | 'createdAt' | 'creditSet' | 'countsSet'>
> & {
  date: string;
  minutes: number;
  form: StudyForm;
};

/** Editable fields; `credit` and `counts` may also be reset to their derived value with `null`. */
export type StudyEntryPatch = Partial<
  Omit<
    StudyEntry,
    'id' | 'deleted' | 'createdAt' | 'credit' | 'counts' | 'creditSet' | 'countsSet' | 'meetingId'
  > & {
    credit: number | null;
    counts: boolean | null;
  }
>;

export type StudyLog = Y.Map<Y.Map<unknown>>;

export function studyLog(doc: Y.Doc): StudyLog {
  return doc.getMap('entries');
}

/** 1 hour = 1 学时, rounded to the half; half a day (4 h) = 4 and a full day = 8 at most. */
export function creditFromMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0;
  return Math.min(8, Math.round((minutes / 60) * 2) / 2);
}

export function countsByDefault(form: StudyForm): boolean {
  return COUNTING_FORMS.has(form);
}

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export type StudyInputError =
  | { code: 'bad-date'; value: string }
  | { code: 'bad-minutes'; value: number }
  | { code: 'bad-credit'; value: number }
  | { code: 'bad-form'; value: string };

/** Validates what a user may type; returns every problem so the form can mark each field. */
export function validateStudyPatch(patch: StudyEntryPatch): StudyInputError[] {
  const errors: StudyInputError[] = [];
  if (patch.date !== undefined && !DATE_PATTERN.test(patch.date)) {
    errors.push({ code: 'bad-date', value: patch.date });
  }
  // A day has 1,440 minutes; anything longer is a typo, not a study session.
  if (
    patch.minutes !== undefined &&
    !(Number.isFinite(patch.minutes) && patch.minutes > 0 && patch.minutes <= 1440)
  ) {
    errors.push({ code: 'bad-minutes', value: patch.minutes });
  }
  if (
    patch.credit != null &&
    !(Number.isFinite(patch.credit) && patch.credit >= 0 && patch.credit <= 24)
  ) {
    errors.push({ code: 'bad-credit', value: patch.credit });
  }
  if (patch.form !== undefined && !(STUDY_FORMS as readonly string[]).includes(patch.form)) {
    errors.push({ code: 'bad-form', value: patch.form });
  }
  return errors;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function readForm(value: unknown): StudyForm {
  return (STUDY_FORMS as readonly unknown[]).includes(value) ? (value as StudyForm) : 'self';
}

/** The typed view of one entry; defaults are applied here, never written. */
export function readEntry(id: string, map: Y.Map<unknown>): StudyEntry {
  const minutesRaw = map.get('minutes');
  const minutes = typeof minutesRaw === 'number' && Number.isFinite(minutesRaw) ? minutesRaw : 0;
  const form = readForm(map.get('form'));
  const credit = map.get('credit');
  const counts = map.get('counts');
  const createdAt = map.get('createdAt');
  const creditSet = typeof credit === 'number' && Number.isFinite(credit);
  const countsSet = typeof counts === 'boolean';
  return {
    id,
    date: str(map.get('date')),
    minutes,
    credit: creditSet ? credit : creditFromMinutes(minutes),
    form,
    counts: countsSet ? counts : countsByDefault(form),
    creditSet,
    countsSet,
    title: str(map.get('title')),
    source: str(map.get('source')),
    chapter: str(map.get('chapter')),
    organiser: str(map.get('organiser')),
    place: str(map.get('place')),
    leadReader: str(map.get('leadReader')),
    reflection: str(map.get('reflection')),
    meetingId: str(map.get('meetingId')),
    deleted: map.get('deleted') === true,
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  };
}

function assertValid(patch: StudyEntryPatch): void {
  const errors = validateStudyPatch(patch);
  if (errors.length > 0) throw new StudyInputRejected(errors);
}

export class StudyInputRejected extends InputRejected<StudyInputError> {
  constructor(errors: StudyInputError[]) {
    super('StudyInputRejected', 'study entry', errors);
  }
}

function writePatch(map: Y.Map<unknown>, patch: StudyEntryPatch): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) map.delete(key);
    else if (map.get(key) !== value) map.set(key, value);
  }
}

/** Adds an entry under `id` (a ULID or UUID made by the caller) and returns it. */
export function addEntry(
  log: StudyLog,
  id: string,
  input: StudyEntryInput,
  now = Date.now(),
): StudyEntry {
  assertValid(input);
  if (log.has(id)) throw new Error(`study entry ${id} already exists`);
  const map = new Y.Map<unknown>();
  // A new entry leaves out the fields left blank: '' is what `readEntry` reads for a missing
  // key anyway, and each written key costs the document ~20 bytes for as long as it exists.
  const filled = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== ''),
  ) as StudyEntryInput;
  const run = () => {
    log.set(id, map);
    writePatch(map, filled);
    map.set('createdAt', now);
  };
  if (log.doc) log.doc.transact(run);
  else run();
  return readEntry(id, map);
}

export function updateEntry(log: StudyLog, id: string, patch: StudyEntryPatch): void {
  assertValid(patch);
  const map = log.get(id);
  if (!map) throw new Error(`no study entry ${id}`);
  const run = () => writePatch(map, patch);
  if (log.doc) log.doc.transact(run);
  else run();
}

/** Marks an entry deleted; `restoreEntry` undoes it. */
export function deleteEntry(log: StudyLog, id: string): void {
  log.get(id)?.set('deleted', true);
}

export function restoreEntry(log: StudyLog, id: string): void {
  log.get(id)?.delete('deleted');
}

/** Live entries, newest date first (then newest created first). */
export function listEntries(log: StudyLog): StudyEntry[] {
  const entries: StudyEntry[] = [];
  for (const [id, map] of log.entries()) {
    if (!(map instanceof Y.Map)) continue;
    const entry = readEntry(id, map);
    if (!entry.deleted) entries.push(entry);
  }
  return entries.sort((a, b) =>
    a.date === b.date
      ? b.createdAt - a.createdAt || a.id.localeCompare(b.id)
      : a.date < b.date
        ? 1
        : -1,
  );
}

export interface YearTotals {
  year: number;
  /** 学时 of entries that count toward the target. */
  counted: number;
  /** All 学时, counted or not. */
  total: number;
  /** All 学时 per form. */
  byForm: Record<StudyForm, number>;
  /** 学时 per form of the entries that count toward the target. */
  countedByForm: Record<StudyForm, number>;
}

function zeroByForm(): Record<StudyForm, number> {
  return Object.fromEntries(STUDY_FORMS.map((f) => [f, 0])) as Record<StudyForm, number>;
}

/**
 * The 学时 of a calendar year, or of one quarter of it (`quarter` 1–4: the inspector's binder of
 * a quarter counts that quarter's sessions, still against the yearly target).
 */
export function yearTotals(
  entries: readonly StudyEntry[],
  year: number,
  quarter?: number,
): YearTotals {
  const byForm = zeroByForm();
  const countedByForm = zeroByForm();
  let counted = 0;
  let total = 0;
  const prefix = `${year}-`;
  const inQuarter = (date: string) =>
    quarter === undefined || Math.ceil(Number(date.slice(5, 7)) / 3) === quarter;
  for (const entry of entries) {
    if (entry.deleted || !entry.date.startsWith(prefix) || !inQuarter(entry.date)) continue;
    byForm[entry.form] += entry.credit;
    total += entry.credit;
    if (entry.counts) {
      counted += entry.credit;
      countedByForm[entry.form] += entry.credit;
    }
  }
  return { year, counted, total, byForm, countedByForm };
}
