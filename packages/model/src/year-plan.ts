import { generateNKeysBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import {
  isRealDate,
  readDateRule,
  ruleOccurrences,
  type DateRule,
  type Occurrence,
} from './date-rules.ts';
import { isValidId, type Result } from './doc-name.ts';
import { InputRejected } from './input-rejected.ts';
import { stampMeta } from './meta.ts';
import { compareOrder, placement, type Positioned } from './ordered-list.ts';
import { MONTHS, continuedOrder, isMonth, type Rota } from './rota.ts';
import { DATE_PATTERN, isOneOf, readOneOf, readString, readTimestamp } from './scalars.ts';
import {
  TEXT_FIELD_PREFIX,
  defineTextFields,
  readTextField,
  seedText,
  setTextField,
  textField,
  type TextField,
} from './text-field.ts';

/**
 * The branch's year plan (年度支部工作计划, issue 16), the `yearplan:<branchId>-<year>` document:
 * the work points (工作要点, rich text), a theme focus per quarter, the month items (theme days,
 * meetings, lectures, joint days, study sessions …) dated by a rule or a fixed date, and the two
 * rotas — party groups hosting the theme day, members giving the micro lecture. Drafted by the
 * committee, often on several phones at once and offline, approved, then sent upward.
 *
 * Layout: no nested shared type at all. Items live in one root map of flat keys `<id>/<field>`
 * (as a meeting's attendance does): two devices editing one item merge field by field, and two
 * devices seeding the same item from last year write the same keys with the same values instead
 * of two maps of which one would be lost. A rota is a root map of flat keys too (`o:<id>` an
 * order key, `away:<id>` …). Typed texts (item titles, quarter focus) are root-level `Y.Text`s
 * merged character-wise (`text-field.ts`). Defaults are applied on read, never written; removals
 * are tombstones.
 *
 * Each item has a place in the matrix (矩阵图, seed 004): a topic (政治理论 / 业务工作 / 思想动态)
 * and a level (支部 / 党小组 / 党员个人), by default from its kind.
 */

export const YEAR_ITEM_KINDS = [
  'themeDay', // 主题党日
  'general', // 支部党员大会
  'committee', // 支委会
  'group', // 党小组会
  'lecture', // 党课 (its speaker)
  'jointDay', // 联建主题党日 (with the paired branches)
  'lifeMeeting', // 组织生活会
  'study', // 集中学习 (e.g. the weekly all-staff study day)
] as const;
export type YearItemKind = (typeof YEAR_ITEM_KINDS)[number];

export const YEAR_ITEM_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type YearItemStatus = (typeof YEAR_ITEM_STATUSES)[number];

/** The matrix's columns: 政治理论, 业务工作, 思想动态. */
export const MATRIX_TOPICS = ['theory', 'work', 'thought'] as const;
export type MatrixTopic = (typeof MATRIX_TOPICS)[number];

/** The matrix's rows: 支部, 党小组, 党员个人. */
export const MATRIX_LEVELS = ['branch', 'group', 'member'] as const;
export type MatrixLevel = (typeof MATRIX_LEVELS)[number];

/** Where an item sits in the matrix unless the committee puts it elsewhere. */
export const DEFAULT_MATRIX_CELL: Readonly<
  Record<YearItemKind, { topic: MatrixTopic; level: MatrixLevel }>
> = {
  themeDay: { topic: 'theory', level: 'branch' },
  general: { topic: 'theory', level: 'branch' },
  committee: { topic: 'work', level: 'branch' },
  group: { topic: 'theory', level: 'group' },
  lecture: { topic: 'theory', level: 'branch' },
  jointDay: { topic: 'work', level: 'branch' },
  lifeMeeting: { topic: 'thought', level: 'branch' },
  study: { topic: 'theory', level: 'branch' },
};

/** draft → approved (by the committee) → sent (upward, to the 机关党委); back to draft to revise. */
export const YEAR_PLAN_STATUSES = ['draft', 'approved', 'sent'] as const;
export type YearPlanStatus = (typeof YEAR_PLAN_STATUSES)[number];

/** The two rotas: party groups host the month's theme day; members give the micro lecture. */
export const ROTA_KINDS = ['host', 'lecture'] as const;
export type RotaKind = (typeof ROTA_KINDS)[number];

export const QUARTERS = [1, 2, 3, 4] as const;
export type Quarter = (typeof QUARTERS)[number];

/** Names of the rich-text fragments; the editor binds with `doc.getXmlFragment(name)`. */
export const YEAR_PLAN_RICH_TEXT = { points: 'points' } as const;

/** An item is dated by a rule ("每月第一个周二") or on a fixed date. */
export type Schedule = { rule: DateRule } | { date: string };

export interface YearPlanItem {
  id: string;
  order: string;
  month: number;
  kind: YearItemKind;
  title: string;
  /** The member responsible (a user id), or ''. */
  ownerId: string;
  /** A lecture's speaker (a user id), or ''. */
  speakerId: string;
  /** A joint day's paired branches, by id. */
  pairedBranchIds: string[];
  status: YearItemStatus;
  topic: MatrixTopic;
  level: MatrixLevel;
  schedule: Schedule | null;
  /** The items made together as one fixed day of every month share it; '' for a one-off. */
  series: string;
  /** Occurrences moved by hand: the rule's (or fixed) date → the date it moved to. */
  moves: Record<string, string>;
}

/** Who did it and when (ms since the epoch). */
export interface Stamp {
  by: string;
  at: number;
}

export interface YearPlan {
  branchId: string;
  /** The plan's year, 0 before it is initialised. */
  year: number;
  status: YearPlanStatus;
  statusBy: string;
  statusAt: number;
  /** The last approval, kept when the plan is reopened. */
  approved: Stamp | null;
  /** The last time it was sent upward. */
  sent: Stamp | null;
  /** The year it was seeded from, or null. */
  seededFrom: number | null;
  /** The theme focus of each quarter, Q1 first. */
  quarters: string[];
  /** By month, then date, then the order they were added in. */
  items: YearPlanItem[];
  rotas: Record<RotaKind, Rota>;
}

export type YearPlanInputError =
  | { code: 'bad-id'; value: string }
  | { code: 'bad-year'; value: number }
  | { code: 'bad-month'; value: number }
  | { code: 'bad-quarter'; value: number }
  | { code: 'bad-kind'; value: string }
  | { code: 'bad-status'; value: string }
  | { code: 'bad-topic'; value: string }
  | { code: 'bad-level'; value: string }
  | { code: 'bad-schedule'; value: unknown }
  | { code: 'bad-date'; value: string }
  | { code: 'date-outside-year'; value: string; year: number }
  | { code: 'duplicate-id'; id: string }
  | { code: 'unknown-item'; id: string }
  | { code: 'already-initialised'; branchId: string; year: number };

export class YearPlanInputRejected extends InputRejected<YearPlanInputError> {
  constructor(errors: YearPlanInputError[]) {
    super('YearPlanInputRejected', 'year plan input', errors);
  }
}

function reject(errors: YearPlanInputError[]): void {
  if (errors.length > 0) throw new YearPlanInputRejected(errors);
}

// ---- containers (all root-level) ----

const SEP = '/';

function fields(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('yearplan');
}
function itemsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('items');
}
function rotaMap(doc: Y.Doc, kind: RotaKind): Y.Map<unknown> {
  return doc.getMap(`rota:${kind}`);
}
const itemKey = (id: string, field: string) => `${id}${SEP}${field}`;

/** A typed one-line text of the plan: a quarter's focus, or an item's title. */
export type YearPlanTextTarget =
  { field: 'quarter'; quarter: Quarter } | { field: 'title'; id: string };

/** `text:quarter:<q>` and `text:item:<id>:title`: root-level texts with no older string behind them. */
export function yearPlanText(doc: Y.Doc, target: YearPlanTextTarget): TextField {
  const name =
    target.field === 'quarter'
      ? `${TEXT_FIELD_PREFIX}quarter:${target.quarter}`
      : `${TEXT_FIELD_PREFIX}item:${target.id}:title`;
  return textField(doc, name, () => undefined);
}

// ---- reading ----

function readSchedule(value: unknown): Schedule | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Record<string, unknown>;
  if ('rule' in s) {
    const rule = readDateRule(s['rule']);
    return rule ? { rule } : null;
  }
  const date = s['date'];
  return typeof date === 'string' && isRealDate(date) ? { date } : null;
}

function readStamp(value: unknown): Stamp | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Record<string, unknown>;
  return { by: readString(s['by']), at: readTimestamp(s['at']) };
}

/** Every item's stored fields, by item id (one pass over the flat keys). */
function itemFields(doc: Y.Doc): Map<string, Map<string, unknown>> {
  const byId = new Map<string, Map<string, unknown>>();
  for (const [key, value] of itemsMap(doc).entries()) {
    const at = key.indexOf(SEP);
    if (at <= 0) continue;
    const id = key.slice(0, at);
    let f = byId.get(id);
    if (!f) byId.set(id, (f = new Map()));
    f.set(key.slice(at + 1), value);
  }
  return byId;
}

/** An item exists once its kind is written, and until its tombstone is. */
function isLiveItem(f: Map<string, unknown>): boolean {
  return isOneOf(YEAR_ITEM_KINDS, f.get('kind')) && f.get('deleted') !== true;
}

function readItem(doc: Y.Doc, id: string, f: Map<string, unknown>): YearPlanItem {
  const kind = readOneOf(YEAR_ITEM_KINDS, f.get('kind'), 'themeDay');
  const schedule = readSchedule(f.get('schedule'));
  const month = f.get('month');
  const paired: string[] = [];
  const moves: Record<string, string> = {};
  for (const [field, value] of f) {
    if (field.startsWith('paired:') && value === true) paired.push(field.slice('paired:'.length));
    if (field.startsWith('move:') && typeof value === 'string' && isRealDate(value))
      moves[field.slice('move:'.length)] = value;
  }
  const cell = DEFAULT_MATRIX_CELL[kind];
  return {
    id,
    order: readString(f.get('order')),
    month: isMonth(month)
      ? month
      : schedule && 'date' in schedule
        ? Number(schedule.date.slice(5, 7))
        : 1,
    kind,
    title: readTextField(yearPlanText(doc, { field: 'title', id })),
    ownerId: readString(f.get('ownerId')),
    speakerId: readString(f.get('speakerId')),
    pairedBranchIds: paired.sort(),
    status: readOneOf(YEAR_ITEM_STATUSES, f.get('status'), 'planned'),
    topic: readOneOf(MATRIX_TOPICS, f.get('topic'), cell.topic),
    level: readOneOf(MATRIX_LEVELS, f.get('level'), cell.level),
    schedule,
    series: readString(f.get('series')),
    moves,
  };
}

/** An occurrence of an item as planned, and where it is now (moved by hand, or not). */
export interface ScheduledDate {
  /** The rule's date (or the fixed date). */
  planned: string;
  /** Where it takes place: `planned`, or the date it was moved to. */
  date: string;
  /** The last day of a part-of-the-month window (下旬 …), unless moved to a day. */
  until?: string;
  moved: boolean;
}

/**
 * The dates of `item` in the plan's `year`: a rule's dates in the item's month, or its fixed
 * date; each with the move made by hand, if any. Empty when it has no schedule yet.
 */
export function itemDates(item: YearPlanItem, year: number): ScheduledDate[] {
  if (!item.schedule || year <= 0) return [];
  const occurrences: Occurrence[] =
    'rule' in item.schedule
      ? ruleOccurrences(item.schedule.rule, year, item.month)
      : [{ date: item.schedule.date }];
  return occurrences.map((o) => {
    const moved = item.moves[o.date];
    if (moved !== undefined && moved !== o.date)
      return { planned: o.date, date: moved, moved: true };
    return { planned: o.date, date: o.date, ...(o.until ? { until: o.until } : {}), moved: false };
  });
}

/** By month, then first date (undated last), then the order they were added in. */
function sortItems(items: YearPlanItem[], year: number): YearPlanItem[] {
  const first = new Map(items.map((item) => [item.id, itemDates(item, year)[0]?.date ?? '~']));
  const date = (item: YearPlanItem) => first.get(item.id) ?? '~';
  return items.sort(
    (a, b) =>
      a.month - b.month ||
      (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0) ||
      compareOrder(a, b),
  );
}

function readRotaMap(doc: Y.Doc, kind: RotaKind): Rota {
  const map = rotaMap(doc, kind);
  const order: Positioned[] = [];
  const absent: string[] = [];
  const absentIn: Record<number, string[]> = {};
  const overrides: Record<number, string> = {};
  for (const [key, value] of map.entries()) {
    const [tag, a, b] = key.split(':');
    if (tag === 'o' && a && typeof value === 'string') order.push({ id: a, order: value });
    else if (tag === 'away' && a && value === true) {
      if (b === undefined) absent.push(a);
      else if (isMonth(Number(b))) (absentIn[Number(b)] ??= []).push(a);
    } else if (tag === 'pick' && isMonth(Number(a)) && typeof value === 'string' && value !== '')
      overrides[Number(a)] = value;
  }
  for (const ids of Object.values(absentIn)) ids.sort();
  const start = map.get('start');
  return {
    start: isMonth(start) ? start : 1,
    order: order.sort(compareOrder).map((entry) => entry.id),
    absent: absent.sort(),
    absentIn,
    overrides,
  };
}

/** The typed view of the whole plan; defaults are applied here, never written. */
export function readYearPlan(doc: Y.Doc): YearPlan {
  defineTextFields(doc);
  const plan = fields(doc);
  const year = plan.get('year');
  const planYear = typeof year === 'number' && Number.isInteger(year) && year > 0 ? year : 0;
  const status = plan.get('status');
  const statusRecord =
    typeof status === 'object' && status !== null ? (status as Record<string, unknown>) : {};
  const seededFrom = plan.get('seededFrom');
  const items: YearPlanItem[] = [];
  for (const [id, f] of itemFields(doc)) if (isLiveItem(f)) items.push(readItem(doc, id, f));
  return {
    branchId: readString(plan.get('branchId')),
    year: planYear,
    status: readOneOf(YEAR_PLAN_STATUSES, statusRecord['status'], 'draft'),
    statusBy: readString(statusRecord['by']),
    statusAt: readTimestamp(statusRecord['at']),
    approved: readStamp(plan.get('approved')),
    sent: readStamp(plan.get('sent')),
    seededFrom: typeof seededFrom === 'number' && Number.isInteger(seededFrom) ? seededFrom : null,
    quarters: QUARTERS.map((quarter) =>
      readTextField(yearPlanText(doc, { field: 'quarter', quarter })),
    ),
    items: sortItems(items, planYear),
    rotas: { host: readRotaMap(doc, 'host'), lecture: readRotaMap(doc, 'lecture') },
  };
}

/** The live items of one month, in plan order. */
export function itemsOfMonth(plan: YearPlan, month: number): YearPlanItem[] {
  return plan.items.filter((item) => item.month === month);
}

/** The quarter (1–4) a month (1–12) falls in. */
export function quarterOf(month: number): Quarter {
  return Math.ceil(month / 3) as Quarter;
}

// ---- writing ----

export interface YearPlanInit {
  branchId: string;
  year: number;
}

function validYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1000 && year <= 9999;
}

/**
 * Names the document's branch and year (the first write of any device: all of them write the
 * same two values, so concurrent first writes agree). Refuses a doc that holds another plan.
 */
export function initYearPlan(doc: Y.Doc, init: YearPlanInit): void {
  const errors: YearPlanInputError[] = [];
  if (!isValidId(init.branchId)) errors.push({ code: 'bad-id', value: init.branchId });
  if (!validYear(init.year)) errors.push({ code: 'bad-year', value: init.year });
  const plan = fields(doc);
  const branchId = readString(plan.get('branchId'));
  const year = plan.get('year');
  // One doc, one branch's year: writing another's into it would mix two plans.
  if ((branchId !== '' && branchId !== init.branchId) || (year !== undefined && year !== init.year))
    errors.push({
      code: 'already-initialised',
      branchId,
      year: typeof year === 'number' ? year : 0,
    });
  reject(errors);
  doc.transact(() => {
    stampMeta(doc, 'yearplan');
    if (branchId === '') plan.set('branchId', init.branchId);
    if (year === undefined) plan.set('year', init.year);
  });
}

export interface YearItemInput {
  month?: number;
  kind?: YearItemKind;
  title?: string;
  ownerId?: string;
  speakerId?: string;
  status?: YearItemStatus;
  topic?: MatrixTopic;
  level?: MatrixLevel;
  /** null: no date yet. A fixed date also sets the month. */
  schedule?: Schedule | null;
  series?: string;
}

function validateSchedule(
  schedule: Schedule | null,
  year: number,
  errors: YearPlanInputError[],
): void {
  if (schedule === null) return;
  if (typeof schedule !== 'object') {
    errors.push({ code: 'bad-schedule', value: schedule });
  } else if ('rule' in schedule) {
    if (readDateRule(schedule.rule) === null)
      errors.push({ code: 'bad-schedule', value: schedule });
  } else if (typeof schedule.date !== 'string' || !isRealDate(schedule.date)) {
    errors.push({ code: 'bad-date', value: String(schedule.date) });
  } else if (year > 0 && Number(schedule.date.slice(0, 4)) !== year) {
    // A date of another year in this year's plan is a typo that would print on the binder.
    errors.push({ code: 'date-outside-year', value: schedule.date, year });
  }
}

export function validateYearItem(input: YearItemInput, year = 0): YearPlanInputError[] {
  const errors: YearPlanInputError[] = [];
  if (input.month !== undefined && !isMonth(input.month))
    errors.push({ code: 'bad-month', value: input.month });
  if (input.kind !== undefined && !isOneOf(YEAR_ITEM_KINDS, input.kind))
    errors.push({ code: 'bad-kind', value: input.kind });
  if (input.status !== undefined && !isOneOf(YEAR_ITEM_STATUSES, input.status))
    errors.push({ code: 'bad-status', value: input.status });
  if (input.topic !== undefined && !isOneOf(MATRIX_TOPICS, input.topic))
    errors.push({ code: 'bad-topic', value: input.topic });
  if (input.level !== undefined && !isOneOf(MATRIX_LEVELS, input.level))
    errors.push({ code: 'bad-level', value: input.level });
  for (const id of [input.ownerId, input.speakerId, input.series]) {
    if (id !== undefined && id !== '' && !isValidId(id)) errors.push({ code: 'bad-id', value: id });
  }
  if (input.schedule !== undefined) validateSchedule(input.schedule, year, errors);
  return errors;
}

function planYear(doc: Y.Doc): number {
  const year = fields(doc).get('year');
  return typeof year === 'number' && Number.isInteger(year) ? year : 0;
}

/** Writes one stored field of an item when it differs; `null` deletes it. */
function setItemField(doc: Y.Doc, id: string, field: string, value: unknown): void {
  const map = itemsMap(doc);
  const key = itemKey(id, field);
  if (value === null) {
    if (map.has(key)) map.delete(key);
  } else if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
}

/** Writes an item's fields that differ; `title` to its text, a fixed date with its month. */
function writeItem(doc: Y.Doc, id: string, input: YearItemInput): void {
  const { title, schedule, ...rest } = input;
  for (const [field, value] of Object.entries(rest))
    if (value !== undefined) setItemField(doc, id, field, value);
  if (schedule !== undefined) {
    setItemField(
      doc,
      id,
      'schedule',
      schedule === null
        ? null
        : 'rule' in schedule
          ? { rule: readDateRule(schedule.rule) }
          : { date: schedule.date },
    );
    if (schedule && 'date' in schedule)
      setItemField(doc, id, 'month', Number(schedule.date.slice(5, 7)));
  }
  if (title !== undefined) setTextField(yearPlanText(doc, { field: 'title', id }), title);
}

function itemOrder(doc: Y.Doc): Positioned[] {
  const entries: Positioned[] = [];
  for (const [id, f] of itemFields(doc))
    if (isLiveItem(f)) entries.push({ id, order: readString(f.get('order')) });
  return entries.sort(compareOrder);
}

/**
 * Adds an item under `id` (made fresh by the caller), after every other. `month` and `kind` are
 * required: an item is a month's.
 */
export function addYearItem(
  doc: Y.Doc,
  id: string,
  input: YearItemInput & { month: number; kind: YearItemKind },
): void {
  const errors = validateYearItem(input, planYear(doc));
  if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  // Ids are fresh; one already used (even by a removed item) would merge two items into one.
  else if (itemsMap(doc).has(itemKey(id, 'kind'))) errors.push({ code: 'duplicate-id', id });
  reject(errors);
  const sorted = itemOrder(doc);
  const { key, rekeyed } = placement(sorted, sorted.length);
  doc.transact(() => {
    writeItem(doc, id, input);
    setItemField(doc, id, 'order', key);
    for (const entry of rekeyed) setItemField(doc, entry.id, 'order', entry.order);
  });
}

function requireItem(doc: Y.Doc, id: string): void {
  if (!itemsMap(doc).has(itemKey(id, 'kind'))) reject([{ code: 'unknown-item', id }]);
}

export function updateYearItem(doc: Y.Doc, id: string, patch: YearItemInput): void {
  reject(validateYearItem(patch, planYear(doc)));
  requireItem(doc, id);
  doc.transact(() => writeItem(doc, id, patch));
}

/** Removes an item with a tombstone (an offline edit to it is kept; undo is `restoreYearItem`). */
export function removeYearItem(doc: Y.Doc, id: string): void {
  requireItem(doc, id);
  itemsMap(doc).set(itemKey(id, 'deleted'), true);
}

export function restoreYearItem(doc: Y.Doc, id: string): void {
  itemsMap(doc).delete(itemKey(id, 'deleted'));
}

/** Takes a paired branch into a joint day, or out of it. */
export function setItemPairedBranch(doc: Y.Doc, id: string, branchId: string, on: boolean): void {
  if (!isValidId(branchId)) reject([{ code: 'bad-id', value: branchId }]);
  requireItem(doc, id);
  const key = itemKey(id, `paired:${branchId}`);
  if (on) {
    if (itemsMap(doc).get(key) !== true) itemsMap(doc).set(key, true);
  } else if (itemsMap(doc).has(key)) itemsMap(doc).delete(key);
}

/**
 * Moves one occurrence by hand — `planned` is the rule's (or the fixed) date, `to` where it
 * takes place instead (e.g. off a holiday); `null` puts it back. Each occurrence moves on its own:
 * one Friday of the weekly study day moves, the others stay.
 */
export function moveOccurrence(doc: Y.Doc, id: string, planned: string, to: string | null): void {
  const errors: YearPlanInputError[] = [];
  if (!DATE_PATTERN.test(planned)) errors.push({ code: 'bad-date', value: planned });
  if (to !== null && !isRealDate(to)) errors.push({ code: 'bad-date', value: to });
  reject(errors);
  requireItem(doc, id);
  const key = itemKey(id, `move:${planned}`);
  if (to === null || to === planned) {
    if (itemsMap(doc).has(key)) itemsMap(doc).delete(key);
  } else if (itemsMap(doc).get(key) !== to) itemsMap(doc).set(key, to);
}

/**
 * Adds a fixed day of the month ("每月相对固定1天", seed 003): one item in each of `months` (every
 * month by default), all dated by `rule` and sharing a new series id, so the committee changes
 * the rule for all of them at once (`updateSeries`) and each month keeps its own title, status
 * and moves. `newId` makes fresh ids (the series' first). Returns the series and its items' ids,
 * January first.
 */
export function addFixedDay(
  doc: Y.Doc,
  newId: () => string,
  input: Omit<YearItemInput, 'month' | 'schedule' | 'series'> & {
    kind: YearItemKind;
    rule: DateRule;
    months?: readonly number[];
  },
): { series: string; ids: string[] } {
  const { rule, months = MONTHS, ...rest } = input;
  // Checked before the first item is written: a transaction has no rollback.
  const errors = validateYearItem({ ...rest, schedule: { rule } });
  for (const month of months) if (!isMonth(month)) errors.push({ code: 'bad-month', value: month });
  reject(errors);
  const series = newId();
  const ids: string[] = [];
  doc.transact(() => {
    for (const month of [...new Set(months)].sort((a, b) => a - b)) {
      const id = newId();
      addYearItem(doc, id, { ...rest, month, schedule: { rule }, series });
      ids.push(id);
    }
  });
  return { series, ids };
}

/** Applies `patch` to every live item of a series (a fixed day's rule, kind, owner …). */
export function updateSeries(
  doc: Y.Doc,
  series: string,
  patch: Omit<YearItemInput, 'month' | 'series' | 'title' | 'status'>,
): void {
  reject(validateYearItem(patch, planYear(doc)));
  doc.transact(() => {
    for (const [id, f] of itemFields(doc))
      if (isLiveItem(f) && f.get('series') === series) writeItem(doc, id, patch);
  });
}

export function setQuarterFocus(doc: Y.Doc, quarter: Quarter, focus: string): void {
  if (!QUARTERS.includes(quarter)) reject([{ code: 'bad-quarter', value: quarter }]);
  setTextField(yearPlanText(doc, { field: 'quarter', quarter }), focus);
}

// ---- status ----

export type YearPlanTransitionError =
  | { code: 'unknown-status'; value: string }
  | { code: 'unchanged'; status: YearPlanStatus }
  | { code: 'not-allowed'; from: YearPlanStatus; to: YearPlanStatus };

/**
 * draft → approved → sent, one step at a time; approved or sent back to draft to revise (then
 * approved and sent again). Sending a draft would give the 机关党委 a plan the committee never
 * approved.
 */
export function validateYearPlanTransition(
  from: YearPlanStatus,
  to: string,
): YearPlanTransitionError | undefined {
  if (!isOneOf(YEAR_PLAN_STATUSES, to)) return { code: 'unknown-status', value: to };
  if (from === to) return { code: 'unchanged', status: from };
  const forward = YEAR_PLAN_STATUSES.indexOf(to) - YEAR_PLAN_STATUSES.indexOf(from) === 1;
  if (forward || to === 'draft') return undefined;
  return { code: 'not-allowed', from, to };
}

/**
 * Moves the plan to `to`, recording who and when; an approval and a sending are also kept as
 * facts of their own (the last of each), so reopening the plan does not forget them.
 */
export function setYearPlanStatus(
  doc: Y.Doc,
  to: YearPlanStatus,
  stamp: Stamp,
): Result<YearPlanStatus, YearPlanTransitionError> {
  const error = validateYearPlanTransition(readYearPlan(doc).status, to);
  if (error) return { ok: false, error };
  const plan = fields(doc);
  doc.transact(() => {
    plan.set('status', { status: to, by: stamp.by, at: stamp.at });
    if (to === 'approved') plan.set('approved', { by: stamp.by, at: stamp.at });
    if (to === 'sent') plan.set('sent', { by: stamp.by, at: stamp.at });
  });
  return { ok: true, value: to };
}

// ---- rotas ----

export function readRota(doc: Y.Doc, kind: RotaKind): Rota {
  return readRotaMap(doc, kind);
}

function orderOf(doc: Y.Doc, kind: RotaKind): Positioned[] {
  const entries: Positioned[] = [];
  for (const [key, value] of rotaMap(doc, kind).entries()) {
    if (key.startsWith('o:') && typeof value === 'string')
      entries.push({ id: key.slice(2), order: value });
  }
  return entries.sort(compareOrder);
}

/**
 * Puts `id` (a group or a member) at `index` of the rota's order (the end by default), or moves
 * it there. Only its own key (and neighbours' on a tie) is written, so concurrent moves of
 * different entries both survive and nobody is listed twice.
 */
export function placeInRota(doc: Y.Doc, kind: RotaKind, id: string, index?: number): void {
  if (!isValidId(id)) reject([{ code: 'bad-id', value: id }]);
  const map = rotaMap(doc, kind);
  const others = orderOf(doc, kind).filter((entry) => entry.id !== id);
  const { key, rekeyed } = placement(others, index ?? others.length);
  doc.transact(() => {
    if (map.get(`o:${id}`) !== key) map.set(`o:${id}`, key);
    for (const entry of rekeyed) map.set(`o:${entry.id}`, entry.order);
  });
}

export function removeFromRota(doc: Y.Doc, kind: RotaKind, id: string): void {
  const map = rotaMap(doc, kind);
  if (map.has(`o:${id}`)) map.delete(`o:${id}`);
}

export function setRotaStart(doc: Y.Doc, kind: RotaKind, month: number): void {
  if (!isMonth(month)) reject([{ code: 'bad-month', value: month }]);
  const map = rotaMap(doc, kind);
  if (map.get('start') !== month) map.set('start', month);
}

/** Marks `id` absent (skipped) for the whole year, or for `month` only; `absent` false clears it. */
export function setRotaAbsent(
  doc: Y.Doc,
  kind: RotaKind,
  id: string,
  absent: boolean,
  month?: number,
): void {
  const errors: YearPlanInputError[] = [];
  if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  if (month !== undefined && !isMonth(month)) errors.push({ code: 'bad-month', value: month });
  reject(errors);
  const map = rotaMap(doc, kind);
  const key = month === undefined ? `away:${id}` : `away:${id}:${month}`;
  if (absent) {
    if (map.get(key) !== true) map.set(key, true);
  } else if (map.has(key)) map.delete(key);
}

/** A month's manual pick (`id`), or back to the rota's own turn (`null`). */
export function setRotaPick(doc: Y.Doc, kind: RotaKind, month: number, id: string | null): void {
  const errors: YearPlanInputError[] = [];
  if (!isMonth(month)) errors.push({ code: 'bad-month', value: month });
  if (id !== null && !isValidId(id)) errors.push({ code: 'bad-id', value: id });
  reject(errors);
  const map = rotaMap(doc, kind);
  const key = `pick:${month}`;
  if (id === null) {
    if (map.has(key)) map.delete(key);
  } else if (map.get(key) !== id) map.set(key, id);
}

// ---- seeding from last year ----

export type SeedError =
  | { code: 'not-initialised'; which: 'from' | 'to' }
  | { code: 'different-branch'; from: string; to: string }
  | { code: 'not-a-later-year'; from: number; to: number };

export interface SeedOptions {
  /** Each rota's roster now (group ids, member ids), to carry the turn on; null: not known. */
  rosters?: Partial<Record<RotaKind, readonly string[] | null>>;
}

/** Writes `value` into a fresh text the same way on every device (see `seedText`). */
function seedTextValue(doc: Y.Doc, target: YearPlanTextTarget, value: string): void {
  const field = yearPlanText(doc, target);
  if (value !== '') seedText({ ...field, legacy: () => value });
}

/**
 * Seeds this year's plan from last year's, on request: the structure, not the facts — every live
 * item with its kind, month, title, owner, speaker, paired branches, matrix cell and rule (a
 * fixed date on the same day of this year, if there is one), the quarters' focus, and both rotas,
 * their order carried on from where last year's ended. Never statuses, moves, absences or manual
 * picks, the work points, or the approval.
 *
 * Two devices seeding the same plan offline must not double it: items keep last year's ids (so
 * the same flat keys get the same values), texts are seeded as the same change on every device
 * (`seedText`), rota keys are computed, not random. An item already in the plan — even one
 * removed since — is not seeded again; a rota that has an order keeps it.
 */
export function seedYearPlan(
  from: Y.Doc,
  to: Y.Doc,
  options: SeedOptions = {},
): Result<{ items: number }, SeedError> {
  const source = readYearPlan(from);
  const target = fields(to);
  const toBranch = readString(target.get('branchId'));
  const toYear = planYear(to);
  if (source.branchId === '' || source.year === 0)
    return { ok: false, error: { code: 'not-initialised', which: 'from' } };
  if (toBranch === '' || toYear === 0)
    return { ok: false, error: { code: 'not-initialised', which: 'to' } };
  // A branch's year grows from its own last year, never from another branch's plan.
  if (source.branchId !== toBranch)
    return { ok: false, error: { code: 'different-branch', from: source.branchId, to: toBranch } };
  if (toYear <= source.year)
    return { ok: false, error: { code: 'not-a-later-year', from: source.year, to: toYear } };

  const existing = itemFields(to);
  const stored = itemFields(from);
  let items = 0;
  to.transact(() => {
    stampMeta(to, 'yearplan');
    const map = itemsMap(to);
    for (const item of source.items) {
      if (existing.has(item.id)) continue;
      const fixed =
        item.schedule && 'date' in item.schedule
          ? `${toYear}${item.schedule.date.slice(4)}`
          : undefined;
      const schedule =
        item.schedule && 'rule' in item.schedule
          ? item.schedule
          : fixed && isRealDate(fixed)
            ? { date: fixed }
            : undefined;
      const raw = stored.get(item.id) ?? new Map<string, unknown>();
      const copy: Record<string, unknown> = {
        kind: item.kind,
        month: item.month,
        order: item.order,
        ...(item.ownerId ? { ownerId: item.ownerId } : {}),
        ...(item.speakerId ? { speakerId: item.speakerId } : {}),
        ...(item.series ? { series: item.series } : {}),
        // The matrix cell only where it was set: a default stays a default.
        ...(isOneOf(MATRIX_TOPICS, raw.get('topic')) ? { topic: raw.get('topic') } : {}),
        ...(isOneOf(MATRIX_LEVELS, raw.get('level')) ? { level: raw.get('level') } : {}),
        ...(schedule ? { schedule } : {}),
      };
      for (const branchId of item.pairedBranchIds) copy[`paired:${branchId}`] = true;
      for (const [field, value] of Object.entries(copy)) map.set(itemKey(item.id, field), value);
      seedTextValue(to, { field: 'title', id: item.id }, item.title);
      items++;
    }
    for (const quarter of QUARTERS)
      seedTextValue(to, { field: 'quarter', quarter }, source.quarters[quarter - 1] ?? '');
    for (const kind of ROTA_KINDS) {
      if (orderOf(to, kind).length > 0) continue;
      const order = continuedOrder(source.rotas[kind], options.rosters?.[kind] ?? null);
      const keys = generateNKeysBetween(null, null, order.length);
      const map = rotaMap(to, kind);
      order.forEach((id, i) => map.set(`o:${id}`, keys[i] as string));
    }
    if (target.get('seededFrom') !== source.year) target.set('seededFrom', source.year);
  });
  return { ok: true, value: { items } };
}
