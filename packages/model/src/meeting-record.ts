import * as Y from 'yjs';
import { isValidId } from './doc-name.ts';
import { InputRejected } from './input-rejected.ts';
import { isLiveEntry, placeEntry, sortedEntries, type OrderedEntries } from './ordered-list.ts';
import {
  TEXT_FIELD_PREFIX,
  defineTextFields,
  readTextField,
  setTextField,
  textField,
  type TextField,
} from './text-field.ts';
import {
  DATE_PATTERN,
  TIME_PATTERN,
  isOneOf,
  readCount,
  readOneOf,
  readString,
  writeFields,
} from './scalars.ts';

/**
 * A meeting record (三会一课 and the rest of the branch's year), the `meeting:<id>` document:
 * kind, date and time span, place, chair and recorder, attendance, agenda, points by speaker
 * (rich text), resolutions with their votes, agreed items, the study content and its 学时, and
 * spending. Written by the recorder and the committee, often offline at a camp, sometimes by two
 * recorders at once.
 *
 * Layout, as in the plan (`joint-plan.ts`): every container is a root-level type. Attendance is
 * one root map of flat keys `<person>/<field>` — never a nested map per person, which two
 * recorders adding the same expected member offline would each create, one of them then lost on
 * merge: flat keys make each person's status, reason and voting right merge field by field, and
 * the list of people is one list on every device. Lists (agenda, resolutions, agreed items,
 * spending) hold entries created with their own fresh id, ordered by fractional keys, removed
 * with tombstones. Defaults are applied on read, never written.
 *
 * Schema 2: an agenda topic's title and a spending line's item are one-line texts people type,
 * merged character by character like a plan's (`text-field.ts`): root-level `Y.Text`s named
 * `text:<list>:<id>:<key>`, read in preference to the schema-1 string under the entry's key.
 *
 * Nothing here ranks or scores a person (DOMAIN.md, "What users hate"): attendance is what the
 * recorder records, and quorum is a warning, never a refusal.
 */

export const MEETING_KINDS = [
  'general', // 支部党员大会
  'committee', // 支委会
  'group', // 党小组会
  'lecture', // 党课
  'themeDay', // 主题党日
  'lifeMeeting', // 组织生活会
  'appraisal', // 民主评议党员
  'study', // 集中学习 (incl. the weekly study day)
  'talk', // 谈心谈话
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['draft', 'held'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** present / absent (with a reason) / on leave (请假); '' before the recorder marks them. */
export const ATTENDANCE_STATUSES = ['', 'present', 'absent', 'leave'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const AGREED_STATUSES = ['open', 'done'] as const;
export type MeetingAgreedStatus = (typeof AGREED_STATUSES)[number];

/** Names of the rich-text fragments; the editor binds with `doc.getXmlFragment(name)`. */
export const MEETING_RICH_TEXT = { points: 'points' } as const;

export type MeetingList = 'agenda' | 'resolutions' | 'agreed' | 'spending';

/** The entry fields of each list that are character-wise texts (schema 2); the rest are values. */
export const MEETING_LIST_TEXT_KEYS = {
  agenda: ['title'],
  resolutions: [],
  agreed: [],
  spending: ['item'],
} as const satisfies Record<MeetingList, readonly string[]>;

/** One person expected or met at the meeting. */
export interface Attendee {
  /** The member's user id, or `guest-…` for a guest (from a paired branch, a speaker). */
  key: string;
  name: string;
  status: AttendanceStatus;
  reason: string;
  /** Full members vote; probationary members, activists and guests do not. */
  voting: boolean;
  /** A guest's branch or unit, as typed. */
  from: string;
  guest: boolean;
}

export interface AgendaTopic {
  id: string;
  title: string;
}

/** One line of what the activity cost (党建活动经费): what for, and how much. */
export interface SpendingLine {
  id: string;
  item: string;
  amountFen: number;
}

export interface Resolution {
  id: string;
  text: string;
  for: number;
  against: number;
  abstain: number;
}

export interface MeetingAgreedItem {
  id: string;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or ''. */
  deadline: string;
  status: MeetingAgreedStatus;
}

export interface MeetingRecord {
  id: string;
  branchId: string;
  kind: MeetingKind;
  status: MeetingStatus;
  /** `YYYY-MM-DD` or ''. */
  date: string;
  /** `HH:MM` or ''. */
  start: string;
  end: string;
  place: string;
  chair: string;
  recorder: string;
  /** The joint plan a theme day was held by, or ''. */
  planId: string;
  attendance: Attendee[];
  agenda: AgendaTopic[];
  resolutions: Resolution[];
  agreed: MeetingAgreedItem[];
  study: { title: string; source: string; leadReader: string; credit: number };
  spending: SpendingLine[];
  /**
   * What the activity cost in fen (分), the ledger's and the report's figure: the sum of the
   * spending lines (a record written before the lines existed keeps its one amount until a line
   * is added).
   */
  spendingFen: number;
}

export type MeetingInputError =
  | { code: 'bad-id'; value: string }
  | { code: 'bad-date'; value: string }
  | { code: 'bad-time'; value: string }
  | { code: 'bad-kind'; value: string }
  | { code: 'bad-status'; value: string }
  | { code: 'bad-count'; field: string; value: number }
  | { code: 'bad-credit'; value: number }
  | { code: 'duplicate-id'; id: string };

export class MeetingInputRejected extends InputRejected<MeetingInputError> {
  constructor(errors: MeetingInputError[]) {
    super('MeetingInputRejected', 'meeting record', errors);
  }
}

function reject(errors: MeetingInputError[]): void {
  if (errors.length > 0) throw new MeetingInputRejected(errors);
}

const GUEST_PREFIX = 'guest-';
const SEP = '/';
const ATTENDEE_FIELDS = ['name', 'status', 'reason', 'voting', 'from'] as const;

function meetingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meeting');
}

function attendanceMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('attendance');
}

function listMap(doc: Y.Doc, list: MeetingList): OrderedEntries {
  return doc.getMap(list) as OrderedEntries;
}

const count = (value: unknown) => readCount(value);

/** Which text field of an entry: `key` one of the list's `MEETING_LIST_TEXT_KEYS`. */
export interface MeetingTextTarget {
  list: MeetingList;
  id: string;
  key: string;
}

/**
 * The shared text of an entry's field, `text:<list>:<id>:<key>`, falling back to the schema-1
 * string under the entry's `key` until first written.
 */
export function meetingText(doc: Y.Doc, { list, id, key }: MeetingTextTarget): TextField {
  const keys: readonly string[] = MEETING_LIST_TEXT_KEYS[list];
  if (!keys.includes(key)) throw new Error(`${list} has no text field ${key}`);
  return textField(doc, `${TEXT_FIELD_PREFIX}${list}:${id}:${key}`, () =>
    listMap(doc, list).get(id)?.get(key),
  );
}

const readText = (doc: Y.Doc, target: MeetingTextTarget) => readTextField(meetingText(doc, target));

/** The record as the app shows it; defaults for what was never written. */
export function readMeeting(doc: Y.Doc): MeetingRecord {
  defineTextFields(doc);
  const m = meetingMap(doc);
  const credit = m.get('credit');
  const spending = readList(doc, 'spending', (id, e) => ({
    id,
    item: readText(doc, { list: 'spending', id, key: 'item' }),
    amountFen: count(e.get('amountFen')),
  }));
  return {
    id: readString(m.get('id')),
    branchId: readString(m.get('branchId')),
    kind: readOneOf(MEETING_KINDS, m.get('kind'), 'general'),
    status: readOneOf(MEETING_STATUSES, m.get('status'), 'draft'),
    date: readString(m.get('date')),
    start: readString(m.get('start')),
    end: readString(m.get('end')),
    place: readString(m.get('place')),
    chair: readString(m.get('chair')),
    recorder: readString(m.get('recorder')),
    planId: readString(m.get('planId')),
    attendance: readAttendance(doc),
    agenda: readList(doc, 'agenda', (id) => ({
      id,
      title: readText(doc, { list: 'agenda', id, key: 'title' }),
    })),
    resolutions: readList(doc, 'resolutions', (id, e) => ({
      id,
      text: readString(e.get('text')),
      for: count(e.get('for')),
      against: count(e.get('against')),
      abstain: count(e.get('abstain')),
    })),
    agreed: readList(doc, 'agreed', (id, e) => ({
      id,
      text: readString(e.get('text')),
      owner: readString(e.get('owner')),
      deadline: readString(e.get('deadline')),
      status: readOneOf(AGREED_STATUSES, e.get('status'), 'open'),
    })),
    study: {
      title: readString(m.get('studyTitle')),
      source: readString(m.get('studySource')),
      leadReader: readString(m.get('leadReader')),
      credit:
        typeof credit === 'number' && Number.isFinite(credit) && credit >= 0 && credit <= 24
          ? credit
          : 0,
    },
    spending,
    spendingFen:
      spending.length > 0
        ? spending.reduce((sum, line) => sum + line.amountFen, 0)
        : count(m.get('spendingFen')),
  };
}

function readList<T>(
  doc: Y.Doc,
  list: MeetingList,
  read: (id: string, entry: Y.Map<unknown>) => T,
): T[] {
  const entries = listMap(doc, list);
  return sortedEntries(entries).flatMap(({ id }) => {
    const entry = entries.get(id);
    return entry instanceof Y.Map ? [read(id, entry)] : [];
  });
}

/** Everyone on the attendance list, members by name first, then guests; removed ones left out. */
function readAttendance(doc: Y.Doc): Attendee[] {
  const fields = new Map<string, Map<string, unknown>>();
  for (const [key, value] of attendanceMap(doc).entries()) {
    const at = key.lastIndexOf(SEP);
    if (at <= 0) continue;
    const person = key.slice(0, at);
    const field = key.slice(at + 1);
    if (!fields.has(person)) fields.set(person, new Map());
    fields.get(person)?.set(field, value);
  }
  const people: Attendee[] = [];
  for (const [key, f] of fields) {
    // A person is on the list once named; taken off with a tombstone (`removed`).
    if (f.get('removed') === true || readString(f.get('name')) === '') continue;
    const guest = key.startsWith(GUEST_PREFIX);
    people.push({
      key,
      name: readString(f.get('name')),
      status: readOneOf(ATTENDANCE_STATUSES, f.get('status'), ''),
      reason: readString(f.get('reason')),
      voting: !guest && f.get('voting') !== false,
      from: readString(f.get('from')),
      guest,
    });
  }
  return people.sort(
    (a, b) =>
      Number(a.guest) - Number(b.guest) ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export interface MeetingInit {
  id: string;
  branchId: string;
  kind: MeetingKind;
  date?: string;
  planId?: string;
}

/** Starts a record; the caller makes the id (a ULID or UUID) and stamps the doc's meta. */
export function initMeeting(doc: Y.Doc, init: MeetingInit): void {
  const errors: MeetingInputError[] = [];
  if (!isValidId(init.id)) errors.push({ code: 'bad-id', value: init.id });
  if (!isValidId(init.branchId)) errors.push({ code: 'bad-id', value: init.branchId });
  if (!isOneOf(MEETING_KINDS, init.kind)) errors.push({ code: 'bad-kind', value: init.kind });
  if (init.date !== undefined && !DATE_PATTERN.test(init.date))
    errors.push({ code: 'bad-date', value: init.date });
  reject(errors);
  doc.transact(() => writeFields(meetingMap(doc), init));
}

export interface MeetingPatch {
  kind?: MeetingKind;
  status?: MeetingStatus;
  date?: string;
  start?: string;
  end?: string;
  place?: string;
  chair?: string;
  recorder?: string;
  planId?: string;
  studyTitle?: string;
  studySource?: string;
  leadReader?: string;
  /** 学时 credited to each member present. */
  credit?: number;
}

export function validateMeetingPatch(patch: MeetingPatch): MeetingInputError[] {
  const errors: MeetingInputError[] = [];
  if (patch.kind !== undefined && !isOneOf(MEETING_KINDS, patch.kind))
    errors.push({ code: 'bad-kind', value: patch.kind });
  if (patch.status !== undefined && !isOneOf(MEETING_STATUSES, patch.status))
    errors.push({ code: 'bad-status', value: patch.status });
  if (patch.date !== undefined && patch.date !== '' && !DATE_PATTERN.test(patch.date))
    errors.push({ code: 'bad-date', value: patch.date });
  for (const time of [patch.start, patch.end]) {
    if (time !== undefined && time !== '' && !TIME_PATTERN.test(time))
      errors.push({ code: 'bad-time', value: time });
  }
  if (
    patch.credit !== undefined &&
    !(Number.isFinite(patch.credit) && patch.credit >= 0 && patch.credit <= 24)
  )
    errors.push({ code: 'bad-credit', value: patch.credit });
  return errors;
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

export function updateMeeting(doc: Y.Doc, patch: MeetingPatch): void {
  reject(validateMeetingPatch(patch));
  doc.transact(() => writeFields(meetingMap(doc), patch));
}

export interface AttendeeInput {
  name?: string;
  status?: AttendanceStatus;
  reason?: string;
  voting?: boolean;
  from?: string;
}

/** A guest's key: `guest-` and an id made by the caller. */
export function guestKey(id: string): string {
  return `${GUEST_PREFIX}${id}`;
}

/**
 * Puts a person on the attendance list or changes what is recorded for them. `key` is the
 * member's user id (so two recorders listing the same member make one row) or `guestKey(id)`.
 * Each field merges on its own: one recorder's status and another's reason both stay.
 */
export function setAttendee(doc: Y.Doc, key: string, input: AttendeeInput): void {
  const errors: MeetingInputError[] = [];
  if (!isValidId(key)) errors.push({ code: 'bad-id', value: key });
  if (input.status !== undefined && !isOneOf(ATTENDANCE_STATUSES, input.status))
    errors.push({ code: 'bad-status', value: input.status });
  reject(errors);
  const map = attendanceMap(doc);
  doc.transact(() => {
    for (const field of ATTENDEE_FIELDS) {
      const value = input[field];
      if (value !== undefined && map.get(`${key}${SEP}${field}`) !== value) {
        map.set(`${key}${SEP}${field}`, value);
      }
    }
    // Listing someone again brings them back.
    if (map.has(`${key}${SEP}removed`)) map.delete(`${key}${SEP}removed`);
  });
}

/** Takes a person off the list (a tombstone: what was recorded for them stays, for an undo). */
export function removeAttendee(doc: Y.Doc, key: string): void {
  attendanceMap(doc).set(`${key}${SEP}removed`, true);
}

/**
 * Lists the branch's members as expected, each once, leaving whoever is already listed as they
 * are. `voting` false for probationary members and activists.
 */
export function expectMembers(
  doc: Y.Doc,
  members: readonly { userId: string; name: string; voting?: boolean }[],
): void {
  const listed = new Set(readMeeting(doc).attendance.map((a) => a.key));
  doc.transact(() => {
    for (const m of members) {
      if (listed.has(m.userId)) continue;
      setAttendee(doc, m.userId, {
        name: m.name,
        ...(m.voting === false ? { voting: false } : {}),
      });
    }
  });
}

/**
 * Quorum of a general meeting (支部党员大会): more than half of the voting members present. For
 * other kinds `applies` is false. A warning for the recorder, never a refusal to record.
 */
export function quorum(record: Pick<MeetingRecord, 'kind' | 'attendance'>): {
  applies: boolean;
  voting: number;
  present: number;
  met: boolean;
} {
  const voting = record.attendance.filter((a) => a.voting && !a.guest);
  const present = voting.filter((a) => a.status === 'present').length;
  return {
    applies: record.kind === 'general',
    voting: voting.length,
    present,
    met: present * 2 > voting.length,
  };
}

/** Headcounts as the ledger and a joint plan show them (never the names of another branch). */
export function headcount(record: Pick<MeetingRecord, 'attendance'>): {
  expected: number;
  present: number;
  absent: number;
  leave: number;
  guests: number;
} {
  const members = record.attendance.filter((a) => !a.guest);
  return {
    expected: members.length,
    present: members.filter((a) => a.status === 'present').length,
    absent: members.filter((a) => a.status === 'absent').length,
    leave: members.filter((a) => a.status === 'leave').length,
    guests: record.attendance.filter((a) => a.guest && a.status === 'present').length,
  };
}

export interface ListEntryInput {
  title?: string;
  text?: string;
  for?: number;
  against?: number;
  abstain?: number;
  owner?: string;
  deadline?: string;
  status?: MeetingAgreedStatus;
  /** A spending line's item and amount in fen. */
  item?: string;
  amountFen?: number;
}

function validateEntry(input: ListEntryInput): MeetingInputError[] {
  const errors: MeetingInputError[] = [];
  for (const field of ['for', 'against', 'abstain', 'amountFen'] as const) {
    const value = input[field];
    if (value !== undefined && !isCount(value)) errors.push({ code: 'bad-count', field, value });
  }
  if (input.deadline !== undefined && input.deadline !== '' && !DATE_PATTERN.test(input.deadline))
    errors.push({ code: 'bad-date', value: input.deadline });
  if (input.status !== undefined && !isOneOf(AGREED_STATUSES, input.status))
    errors.push({ code: 'bad-status', value: input.status });
  return errors;
}

/** Adds an agenda topic, a resolution or an agreed item under a fresh `id`, at `index` or last. */
export function addMeetingEntry(
  doc: Y.Doc,
  list: MeetingList,
  id: string,
  input: ListEntryInput,
  index?: number,
): void {
  const entries = listMap(doc, list);
  const errors = validateEntry(input);
  if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  else if (entries.has(id)) errors.push({ code: 'duplicate-id', id });
  reject(errors);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    entries.set(id, map);
    writeEntryFields(doc, list, id, map, input);
    placeEntry(entries, id, index ?? Number.MAX_SAFE_INTEGER);
  });
}

/** Values into the entry's map; the list's text fields into their shared texts. */
function writeEntryFields(
  doc: Y.Doc,
  list: MeetingList,
  id: string,
  map: Y.Map<unknown>,
  input: ListEntryInput,
): void {
  const values: Record<string, unknown> = { ...input };
  for (const key of MEETING_LIST_TEXT_KEYS[list] as readonly (keyof ListEntryInput)[]) {
    const text = input[key];
    delete values[key];
    if (typeof text === 'string') setTextField(meetingText(doc, { list, id, key }), text);
  }
  writeFields(map, values);
}

export function updateMeetingEntry(
  doc: Y.Doc,
  list: MeetingList,
  id: string,
  patch: ListEntryInput,
): void {
  reject(validateEntry(patch));
  const map = listMap(doc, list).get(id);
  if (!(map instanceof Y.Map)) throw new Error(`no ${list} entry ${id}`);
  doc.transact(() => writeEntryFields(doc, list, id, map, patch));
}

export function moveMeetingEntry(doc: Y.Doc, list: MeetingList, id: string, index: number): void {
  const entries = listMap(doc, list);
  const map = entries.get(id);
  if (!(map instanceof Y.Map) || !isLiveEntry(map)) throw new Error(`no ${list} entry ${id}`);
  placeEntry(entries, id, index);
}

/** Removes an entry with a tombstone (an offline edit to it is kept; undo is a plain write). */
export function removeMeetingEntry(doc: Y.Doc, list: MeetingList, id: string): void {
  listMap(doc, list).get(id)?.set('deleted', true);
}
