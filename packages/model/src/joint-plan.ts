import * as Y from 'yjs';
import { isValidId, type Result } from './doc-name.ts';
import { stampMeta } from './meta.ts';
import { isLiveEntry, placeEntry, sortedEntries, type OrderedEntries } from './ordered-list.ts';
import {
  DATE_PATTERN,
  MONTH_PATTERN,
  TIME_PATTERN,
  isOneOf,
  readCount,
  readOneOf,
  readString,
  readTimestamp,
  transact,
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
 * A joint theme-day plan ("1+1+X" 主题党日活动方案), the `plan:<planId>` document, co-edited by the
 * committees of every participating branch, often offline.
 *
 * Layout: every container is a root-level type (`doc.getMap('agenda')` …), because two clients
 * that lazily create the same nested map lose one side's data on merge. Nested maps exist only as
 * list entries created together with their entry under a fresh id, and as branch entries keyed by
 * branch id (see `addBranch` for the one race that remains there). Defaults are applied by
 * `readPlan`, never written; lists use tombstones (`deleted`) so an offline edit to a removed entry
 * is kept and "undo" is a plain write.
 */

/** Names of the rich-text fragments; the editor binds with `doc.getXmlFragment(name)`. */
export const PLAN_RICH_TEXT = {
  purpose: 'purpose',
  summary: 'summary',
  safety: 'safety',
} as const;

export const PLAN_STATUSES = ['draft', 'agreed', 'held', 'summarised'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PARTICIPANT_CATEGORIES = ['members', 'probationary', 'activists', 'others'] as const;
export type ParticipantCategory = (typeof PARTICIPANT_CATEGORIES)[number];

export const PLAN_ROLES = [
  'chair',
  'leadReader',
  'recorder',
  'photographer',
  'logistics',
  'safety',
] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/** The "十个一" checklist, in the order of the Beijing cultural-heritage bureau's practice. */
export const TEN_ONES = [
  { key: 'wearBadge', zh: '佩戴一枚党徽' },
  { key: 'siteVisit', zh: '组织一次参观见学' },
  { key: 'renewOath', zh: '重温一次入党誓词' },
  { key: 'readClassic', zh: '诵读一篇红色经典' },
  { key: 'shareRemarks', zh: '进行一次交流发言' },
  { key: 'politicalBirthday', zh: '过好一次政治生日' },
  { key: 'vanguardPosts', zh: '设立一批先锋岗位' },
  { key: 'integrityEducation', zh: '参加一次廉政教育' },
  { key: 'povertyRelief', zh: '开展一次扶贫帮困' },
  { key: 'volunteerService', zh: '做好一次志愿服务' },
] as const;
export type ChecklistKey = (typeof TEN_ONES)[number]['key'];
const CHECKLIST_KEYS: readonly ChecklistKey[] = TEN_ONES.map((item) => item.key);

export const AGREED_ITEM_STATUSES = ['open', 'done'] as const;
export type AgreedItemStatus = (typeof AGREED_ITEM_STATUSES)[number];

/** The ordered lists of a plan; each is a root-level map of entries with fractional order keys. */
export const PLAN_LISTS = ['agenda', 'readings', 'budget', 'agreed'] as const;
export type PlanList = (typeof PLAN_LISTS)[number];

export interface PlanBranch {
  branchId: string;
  lead: boolean;
  contactName: string;
  contactPhone: string;
}

export interface AgendaItem {
  id: string;
  order: string;
  /** `HH:MM`, or '' when not yet timed. */
  time: string;
  title: string;
  owner: string;
}

export interface ReadingItem {
  id: string;
  order: string;
  title: string;
  /** Book, chapter or link. */
  source: string;
  note: string;
}

export interface BudgetLine {
  id: string;
  order: string;
  item: string;
  /** Amount in fen (分), an integer: money is never a float. */
  amountFen: number;
  /** Funding source, e.g. 党建工作经费 or 党费. */
  source: string;
}

export interface BudgetCheck {
  checkedBy: string;
  checkedAt: number;
  note: string;
  /** The budget lines changed after the check; the discipline member should look again. */
  stale: boolean;
}

export interface RoleAssignment {
  name: string;
  branchId: string;
}

export interface AgreedItem {
  id: string;
  order: string;
  text: string;
  owner: string;
  /** `YYYY-MM-DD`, or '' when none was set. */
  deadline: string;
  status: AgreedItemStatus;
  /** The plan this item was carried over from, if any. */
  carriedFrom: string | null;
  /** The item's id in that plan. */
  carriedItemId: string | null;
}

export interface JointPlan {
  id: string;
  /** `YYYY-MM`: the month whose lead branch drafts the plan. */
  month: string;
  theme: string;
  /** `YYYY-MM-DD`, or '' when not yet fixed. */
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  leadBranchId: string;
  /** Lead branch first, then co-branches by id. */
  branches: PlanBranch[];
  participants: Record<ParticipantCategory, number>;
  agenda: AgendaItem[];
  roles: Record<PlanRole, RoleAssignment | null>;
  readings: ReadingItem[];
  budget: BudgetLine[];
  budgetTotalFen: number;
  budgetCheck: BudgetCheck | null;
  checklist: Record<ChecklistKey, boolean>;
  status: PlanStatus;
  statusBy: string;
  statusAt: number;
  agreedItems: AgreedItem[];
}

/** Why an input was refused; one code per field problem so a form can mark each field. */
export type PlanInputError =
  | { code: 'bad-id'; value: string }
  | { code: 'duplicate-id'; id: string }
  | { code: 'bad-month'; value: string }
  | { code: 'bad-date'; field: 'date' | 'deadline'; value: string }
  | { code: 'bad-time'; field: 'startTime' | 'endTime' | 'time'; value: string }
  | { code: 'end-before-start'; startTime: string; endTime: string }
  | { code: 'bad-count'; category: string; value: number }
  | { code: 'bad-amount'; value: number }
  | { code: 'unknown-branch'; branchId: string }
  | { code: 'lead-branch-removal'; branchId: string }
  | { code: 'unknown-role'; value: string }
  | { code: 'unknown-checklist-item'; value: string }
  | { code: 'bad-agreed-status'; value: string }
  | { code: 'already-initialised'; id: string };

export class PlanInputRejected extends InputRejected<PlanInputError> {
  constructor(errors: PlanInputError[]) {
    super('PlanInputRejected', 'plan input', errors);
  }
}

function reject(errors: PlanInputError[]): void {
  if (errors.length > 0) throw new PlanInputRejected(errors);
}

// ---- containers (all root-level) ----

function fields(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('plan');
}
function participantsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('participants');
}
function branchesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('branches');
}
function rolesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('roles');
}
function checklistMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('checklist');
}
function listMap(doc: Y.Doc, list: PlanList): OrderedEntries {
  return doc.getMap(list);
}

// ---- one-line text fields (root-level Y.Text, see `text-field.ts`) ----

/** The typed field of each list's entries that merges character-wise. */
export const PLAN_LIST_TEXT_KEYS = {
  agenda: ['title', 'owner'],
  readings: ['title', 'source', 'note'],
  budget: ['item', 'source'],
  agreed: ['text', 'owner'],
} as const satisfies Record<PlanList, readonly string[]>;

/** A participating branch's contact fields, typed text like the rest. */
export const CONTACT_TEXT_KEYS = ['contactName', 'contactPhone'] as const;
export type ContactTextKey = (typeof CONTACT_TEXT_KEYS)[number];

/** A one-line text of the plan that people type, merged character-wise. */
export type PlanTextTarget =
  | { field: 'theme' | 'place' }
  | { field: 'roleName'; role: PlanRole }
  /** `key` is one of the list's `PLAN_LIST_TEXT_KEYS`; the first (the entry's title) by default. */
  | { field: 'listText'; list: PlanList; id: string; key?: string }
  | { field: 'contact'; branchId: string; key: ContactTextKey };

/**
 * The shared text of a field: `text:theme`, `text:place`, `text:role:<role>`,
 * `text:<list>:<id>:<key>`, `text:branch:<branchId>:<key>`, each falling back to the schema-1
 * string (`plan.theme`, the role's `{ name }`, the entry's `title` …) until first written.
 */
export function planText(doc: Y.Doc, target: PlanTextTarget): TextField {
  switch (target.field) {
    case 'theme':
    case 'place':
      return textField(doc, `${TEXT_FIELD_PREFIX}${target.field}`, () =>
        fields(doc).get(target.field),
      );
    case 'roleName':
      return textField(doc, `${TEXT_FIELD_PREFIX}role:${target.role}`, () => {
        const value = rolesMap(doc).get(target.role);
        return typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)['name']
          : undefined;
      });
    case 'listText': {
      const keys: readonly string[] = PLAN_LIST_TEXT_KEYS[target.list];
      const key = target.key ?? keys[0];
      if (key === undefined || !keys.includes(key))
        throw new Error(`${target.list} has no text field ${String(target.key)}`);
      return textField(doc, `${TEXT_FIELD_PREFIX}${target.list}:${target.id}:${key}`, () =>
        listMap(doc, target.list).get(target.id)?.get(key),
      );
    }
    case 'contact':
      return textField(doc, `${TEXT_FIELD_PREFIX}branch:${target.branchId}:${target.key}`, () => {
        const map = branchesMap(doc).get(target.branchId);
        return map instanceof Y.Map ? map.get(target.key) : undefined;
      });
  }
}

function readPlanText(doc: Y.Doc, target: PlanTextTarget): string {
  return readTextField(planText(doc, target));
}

// ---- validation ----

export interface PlanPatch {
  theme?: string;
  date?: string;
  startTime?: string;
  endTime?: string;
  place?: string;
  month?: string;
}

/**
 * Validates the plan's scalar fields. `current` supplies the stored times so that changing only the
 * start is still checked against the end.
 */
export function validatePlanPatch(
  patch: PlanPatch,
  current?: { startTime: string; endTime: string },
): PlanInputError[] {
  const errors: PlanInputError[] = [];
  // Empty clears a field: a plan is drafted before its day and place are fixed.
  if (patch.date !== undefined && patch.date !== '' && !DATE_PATTERN.test(patch.date)) {
    errors.push({ code: 'bad-date', field: 'date', value: patch.date });
  }
  // The month picks the lead branch (每月确定一个牵头党支部), so it must be a real month.
  if (patch.month !== undefined && !MONTH_PATTERN.test(patch.month)) {
    errors.push({ code: 'bad-month', value: patch.month });
  }
  for (const field of ['startTime', 'endTime'] as const) {
    const value = patch[field];
    if (value !== undefined && value !== '' && !TIME_PATTERN.test(value)) {
      errors.push({ code: 'bad-time', field, value });
    }
  }
  // A day that ends before it starts is a typo; the printed plan would show it to inspectors.
  const startTime = patch.startTime ?? current?.startTime ?? '';
  const endTime = patch.endTime ?? current?.endTime ?? '';
  if (
    TIME_PATTERN.test(startTime) &&
    TIME_PATTERN.test(endTime) &&
    endTime <= startTime &&
    (patch.startTime !== undefined || patch.endTime !== undefined)
  ) {
    errors.push({ code: 'end-before-start', startTime, endTime });
  }
  return errors;
}

/** Headcounts are whole people; a negative or fractional count is a typo. */
export function validateParticipants(
  counts: Partial<Record<ParticipantCategory, number>>,
): PlanInputError[] {
  const errors: PlanInputError[] = [];
  for (const [category, value] of Object.entries(counts)) {
    if (value === undefined) continue;
    if (!isOneOf(PARTICIPANT_CATEGORIES, category)) {
      errors.push({ code: 'bad-count', category, value });
    } else if (!(Number.isSafeInteger(value) && value >= 0)) {
      errors.push({ code: 'bad-count', category, value });
    }
  }
  return errors;
}

export interface AgendaItemInput {
  time?: string;
  title?: string;
  owner?: string;
}

export function validateAgendaItem(input: AgendaItemInput): PlanInputError[] {
  // Agenda times print on the plan; '' is allowed for items not yet timed.
  if (input.time !== undefined && input.time !== '' && !TIME_PATTERN.test(input.time)) {
    return [{ code: 'bad-time', field: 'time', value: input.time }];
  }
  return [];
}

export interface ReadingInput {
  title?: string;
  source?: string;
  note?: string;
}

export interface BudgetLineInput {
  item?: string;
  amountFen?: number;
  source?: string;
}

export function validateBudgetLine(input: BudgetLineInput): PlanInputError[] {
  // Integer fen: floats drift when the ledger adds lines up; negative spending is not a budget.
  if (
    input.amountFen !== undefined &&
    !(Number.isSafeInteger(input.amountFen) && input.amountFen >= 0)
  ) {
    return [{ code: 'bad-amount', value: input.amountFen }];
  }
  return [];
}

export interface AgreedItemInput {
  text?: string;
  owner?: string;
  deadline?: string;
  status?: AgreedItemStatus;
}

export function validateAgreedItem(input: AgreedItemInput): PlanInputError[] {
  const errors: PlanInputError[] = [];
  // Deadlines drive the monthly report's "still open" list; they must compare as dates.
  if (input.deadline !== undefined && input.deadline !== '' && !DATE_PATTERN.test(input.deadline)) {
    errors.push({ code: 'bad-date', field: 'deadline', value: input.deadline });
  }
  if (input.status !== undefined && !isOneOf(AGREED_ITEM_STATUSES, input.status)) {
    errors.push({ code: 'bad-agreed-status', value: input.status });
  }
  return errors;
}

export type PlanTransitionError =
  | { code: 'unknown-status'; value: string }
  | { code: 'unchanged'; status: PlanStatus }
  | { code: 'not-allowed'; from: PlanStatus; to: PlanStatus };

/**
 * A plan moves forward one step at a time (draft → agreed → held → summarised); an agreed plan may
 * go back to draft when the branches reopen it. Skipping "held" would produce a summary for a day
 * that never took place, and reopening a held day would rewrite the record of what happened.
 */
export function validatePlanTransition(
  from: PlanStatus,
  to: string,
): PlanTransitionError | undefined {
  if (!isOneOf(PLAN_STATUSES, to)) return { code: 'unknown-status', value: to };
  if (from === to) return { code: 'unchanged', status: from };
  const step = PLAN_STATUSES.indexOf(to) - PLAN_STATUSES.indexOf(from);
  if (step === 1 || (from === 'agreed' && to === 'draft')) return undefined;
  return { code: 'not-allowed', from, to };
}

// ---- budget: 八项规定 warnings ----

/**
 * Words that suggest spending the austerity rules (八项规定) forbid. A warning, not a refusal: a
 * "门票" for a memorial hall or a "工作餐" is fine, and the discipline member decides.
 */
export const BUDGET_WARNING_KEYWORDS = {
  tourism: [
    '旅游',
    '旅行',
    '观光',
    '度假',
    '游览',
    '景区',
    '风景区',
    '游船',
    'tourism',
    'sightseeing',
  ],
  banquet: ['宴请', '宴会', '宴席', '酒席', '聚餐', '酒水', '烟酒', '白酒', '红酒', 'banquet'],
  gift: ['礼品', '礼物', '礼金', '礼券', '购物卡', '红包', '纪念品', '土特产', 'gift'],
} as const;
export type BudgetWarningKind = keyof typeof BUDGET_WARNING_KEYWORDS;

export interface BudgetWarning {
  code: `looks-like-${BudgetWarningKind}`;
  lineId: string;
  keyword: string;
}

export function budgetWarnings(lines: readonly BudgetLine[]): BudgetWarning[] {
  const warnings: BudgetWarning[] = [];
  for (const line of lines) {
    const text = `${line.item} ${line.source}`.toLowerCase();
    for (const kind of Object.keys(BUDGET_WARNING_KEYWORDS) as BudgetWarningKind[]) {
      const keyword = BUDGET_WARNING_KEYWORDS[kind].find((word) => text.includes(word));
      if (keyword) warnings.push({ code: `looks-like-${kind}`, lineId: line.id, keyword });
    }
  }
  return warnings;
}

/** Parses what people type for money (`12`, `12.5`, `¥1,200.00`) into fen, without floats. */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(
    text
      .trim()
      .replace(/^[¥￥]\s*/, '')
      .replace(/,/g, ''),
  );
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** `123456` → `1234.56`. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** FNV-1a, 32 bits: a short, stable fingerprint (not security). */
function fnv1a(text: string, seed = 0x811c9dc5): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** What the discipline member saw: order-independent, so reordering lines does not void a check. */
function budgetDigest(lines: readonly BudgetLine[]): string {
  const parts = lines
    .map((line) => JSON.stringify([line.id, line.item, line.amountFen, line.source]))
    .sort();
  return fnv1a(parts.join('\n'));
}

// ---- reading ----

function readBranches(doc: Y.Doc, leadBranchId: string): PlanBranch[] {
  const branches: PlanBranch[] = [];
  for (const [branchId, map] of branchesMap(doc).entries()) {
    if (!(map instanceof Y.Map) || map.get('removed') === true) continue;
    branches.push({
      branchId,
      lead: branchId === leadBranchId,
      contactName: readPlanText(doc, { field: 'contact', branchId, key: 'contactName' }),
      contactPhone: readPlanText(doc, { field: 'contact', branchId, key: 'contactPhone' }),
    });
  }
  return branches.sort((a, b) =>
    a.lead !== b.lead ? (a.lead ? -1 : 1) : a.branchId < b.branchId ? -1 : 1,
  );
}

function readList<T>(
  doc: Y.Doc,
  list: PlanList,
  read: (id: string, order: string, map: Y.Map<unknown>) => T,
): T[] {
  const entries = listMap(doc, list);
  return sortedEntries(entries).map(({ id, order }) =>
    read(id, order, entries.get(id) as Y.Map<unknown>),
  );
}

/**
 * A role is assigned when it has an entry, or when its name text holds something: a name typed on
 * one device while another cleared the role is shown (with the lead branch), not hidden.
 */
function readRole(
  doc: Y.Doc,
  role: PlanRole,
  value: unknown,
  leadBranchId: string,
): RoleAssignment | null {
  const name = readPlanText(doc, { field: 'roleName', role });
  if (typeof value !== 'object' || value === null) {
    return name === '' ? null : { name, branchId: leadBranchId };
  }
  const { branchId } = value as Record<string, unknown>;
  return { name, branchId: readString(branchId) };
}

function readBudgetCheck(value: unknown, digest: string): BudgetCheck | null {
  if (typeof value !== 'object' || value === null) return null;
  const check = value as Record<string, unknown>;
  return {
    checkedBy: readString(check['checkedBy']),
    checkedAt: readTimestamp(check['checkedAt']),
    note: readString(check['note']),
    stale: check['digest'] !== digest,
  };
}

function readStatus(value: unknown): { status: PlanStatus; by: string; at: number } {
  const record =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    status: readOneOf(PLAN_STATUSES, record['status'], 'draft'),
    by: readString(record['by']),
    at: readTimestamp(record['at']),
  };
}

/** The typed view of the whole plan; defaults are applied here, never written. */
export function readPlan(doc: Y.Doc): JointPlan {
  defineTextFields(doc);
  const plan = fields(doc);
  const leadBranchId = readString(plan.get('leadBranchId'));
  const counts = participantsMap(doc);
  const roles = rolesMap(doc);
  const checklist = checklistMap(doc);
  const budget = readList(doc, 'budget', (id, order, map) => ({
    id,
    order,
    item: readPlanText(doc, { field: 'listText', list: 'budget', id }),
    amountFen: readCount(map.get('amountFen')),
    source: readPlanText(doc, { field: 'listText', list: 'budget', id, key: 'source' }),
  }));
  const status = readStatus(plan.get('status'));
  return {
    id: readString(plan.get('id')),
    month: readString(plan.get('month')),
    theme: readPlanText(doc, { field: 'theme' }),
    date: readString(plan.get('date')),
    startTime: readString(plan.get('startTime')),
    endTime: readString(plan.get('endTime')),
    place: readPlanText(doc, { field: 'place' }),
    leadBranchId,
    branches: readBranches(doc, leadBranchId),
    participants: Object.fromEntries(
      PARTICIPANT_CATEGORIES.map((category) => [category, readCount(counts.get(category))]),
    ) as Record<ParticipantCategory, number>,
    agenda: readList(doc, 'agenda', (id, order, map) => ({
      id,
      order,
      time: readString(map.get('time')),
      title: readPlanText(doc, { field: 'listText', list: 'agenda', id }),
      owner: readPlanText(doc, { field: 'listText', list: 'agenda', id, key: 'owner' }),
    })),
    roles: Object.fromEntries(
      PLAN_ROLES.map((role) => [role, readRole(doc, role, roles.get(role), leadBranchId)]),
    ) as Record<PlanRole, RoleAssignment | null>,
    readings: readList(doc, 'readings', (id, order) => ({
      id,
      order,
      title: readPlanText(doc, { field: 'listText', list: 'readings', id }),
      source: readPlanText(doc, { field: 'listText', list: 'readings', id, key: 'source' }),
      note: readPlanText(doc, { field: 'listText', list: 'readings', id, key: 'note' }),
    })),
    budget,
    budgetTotalFen: budget.reduce((sum, line) => sum + line.amountFen, 0),
    budgetCheck: readBudgetCheck(plan.get('budgetCheck'), budgetDigest(budget)),
    checklist: Object.fromEntries(
      CHECKLIST_KEYS.map((key) => [key, checklist.get(key) === true]),
    ) as Record<ChecklistKey, boolean>,
    status: status.status,
    statusBy: status.by,
    statusAt: status.at,
    agreedItems: readList(doc, 'agreed', (id, order, map) => {
      const carriedFrom = map.get('carriedFrom');
      const carriedItemId = map.get('carriedItemId');
      return {
        id,
        order,
        text: readPlanText(doc, { field: 'listText', list: 'agreed', id }),
        owner: readPlanText(doc, { field: 'listText', list: 'agreed', id, key: 'owner' }),
        deadline: readString(map.get('deadline')),
        status: readOneOf(AGREED_ITEM_STATUSES, map.get('status'), 'open'),
        carriedFrom: typeof carriedFrom === 'string' ? carriedFrom : null,
        carriedItemId: typeof carriedItemId === 'string' ? carriedItemId : null,
      };
    }),
  };
}

// ---- writing ----

export interface PlanInit {
  id: string;
  leadBranchId: string;
  /** Every participating branch; the lead is added if missing. */
  branchIds: readonly string[];
  month: string;
}

/**
 * Creates the plan on the device that drafts it: stamps meta and writes only what must exist (id,
 * month, lead, one entry per branch). Everything else reads as a default until someone edits it.
 * Calling it again with the same id only re-stamps meta.
 */
export function initPlan(doc: Y.Doc, init: PlanInit): void {
  const errors: PlanInputError[] = [];
  for (const id of [init.id, init.leadBranchId, ...init.branchIds]) {
    if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  }
  if (!MONTH_PATTERN.test(init.month)) errors.push({ code: 'bad-month', value: init.month });
  const existing = readString(fields(doc).get('id'));
  // A doc holds one plan; re-initialising it as another would mix two plans' data.
  if (existing !== '' && existing !== init.id) {
    errors.push({ code: 'already-initialised', id: existing });
  }
  reject(errors);
  doc.transact(() => {
    stampMeta(doc, 'plan');
    if (existing === init.id) return;
    const plan = fields(doc);
    plan.set('id', init.id);
    plan.set('month', init.month);
    plan.set('leadBranchId', init.leadBranchId);
    const branches = branchesMap(doc);
    for (const branchId of new Set([init.leadBranchId, ...init.branchIds])) {
      if (!branches.has(branchId)) branches.set(branchId, new Y.Map());
    }
  });
}

export function updatePlan(doc: Y.Doc, patch: PlanPatch): void {
  const plan = fields(doc);
  reject(
    validatePlanPatch(patch, {
      startTime: readString(plan.get('startTime')),
      endTime: readString(plan.get('endTime')),
    }),
  );
  const { theme, place, ...rest } = patch;
  doc.transact(() => {
    if (theme !== undefined) setTextField(planText(doc, { field: 'theme' }), theme);
    if (place !== undefined) setTextField(planText(doc, { field: 'place' }), place);
    writeFields(plan, rest);
  });
}

function liveBranchIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const [id, map] of branchesMap(doc).entries()) {
    if (map instanceof Y.Map && map.get('removed') !== true) ids.add(id);
  }
  return ids;
}

export interface BranchContact {
  contactName?: string;
  contactPhone?: string;
}

/**
 * Adds a participating branch, or brings back a removed one (its contact survives). The contact
 * fields are root-level texts named by branch id, so two devices adding the same branch offline
 * keep the contact details typed on both.
 */
export function addBranch(doc: Y.Doc, branchId: string, contact: BranchContact = {}): void {
  if (!isValidId(branchId)) reject([{ code: 'bad-id', value: branchId }]);
  const branches = branchesMap(doc);
  doc.transact(() => {
    let map = branches.get(branchId);
    if (!(map instanceof Y.Map)) {
      map = new Y.Map();
      branches.set(branchId, map);
    }
    if (map.has('removed')) map.delete('removed');
    writeContact(doc, branchId, contact);
  });
}

function writeContact(doc: Y.Doc, branchId: string, contact: BranchContact): void {
  for (const key of CONTACT_TEXT_KEYS) {
    const text = contact[key];
    if (text !== undefined) setTextField(planText(doc, { field: 'contact', branchId, key }), text);
  }
}

export function updateBranchContact(doc: Y.Doc, branchId: string, contact: BranchContact): void {
  const map = branchesMap(doc).get(branchId);
  if (!(map instanceof Y.Map)) throw new Error(`no branch ${branchId} in this plan`);
  doc.transact(() => writeContact(doc, branchId, contact));
}

/** Removes a co-branch (a tombstone). The lead branch cannot leave its own plan; change the lead first. */
export function removeBranch(doc: Y.Doc, branchId: string): void {
  if (readString(fields(doc).get('leadBranchId')) === branchId) {
    reject([{ code: 'lead-branch-removal', branchId }]);
  }
  branchesMap(doc).get(branchId)?.set('removed', true);
}

/** Hands the lead to another participating branch (the lead rotates by month). */
export function setLeadBranch(doc: Y.Doc, branchId: string): void {
  // Edit rights follow the lead branch; a lead that is not a participant would lock everyone out.
  if (!liveBranchIds(doc).has(branchId)) reject([{ code: 'unknown-branch', branchId }]);
  const plan = fields(doc);
  if (plan.get('leadBranchId') !== branchId) plan.set('leadBranchId', branchId);
}

export function setParticipants(
  doc: Y.Doc,
  counts: Partial<Record<ParticipantCategory, number>>,
): void {
  reject(validateParticipants(counts));
  const map = participantsMap(doc);
  transact(map, () => writeFields(map, counts));
}

/**
 * Assigns a role to a person of a participating branch. Each role is its own key holding name and
 * branch together, so concurrent assignments of different roles merge and one role never ends up
 * with one device's name and another device's branch.
 */
export function assignRole(doc: Y.Doc, role: PlanRole, assignment: RoleAssignment): void {
  const errors: PlanInputError[] = [];
  if (!isOneOf(PLAN_ROLES, role)) errors.push({ code: 'unknown-role', value: role });
  // Paired branches split the roles among themselves; an outside branch id is a stale choice.
  if (!liveBranchIds(doc).has(assignment.branchId)) {
    errors.push({ code: 'unknown-branch', branchId: assignment.branchId });
  }
  reject(errors);
  const roles = rolesMap(doc);
  doc.transact(() => {
    setTextField(planText(doc, { field: 'roleName', role }), assignment.name);
    // The name lives in the role's text (merged character-wise); the entry holds the branch.
    // Rewritten only when the branch changes, so typing never races another device's branch.
    // (A schema-1 entry keeps its `name`: never read again once the text is written.)
    const current = roles.get(role);
    const entry =
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : null;
    if (entry?.['branchId'] !== assignment.branchId) {
      roles.set(role, { branchId: assignment.branchId });
    }
  });
}

/**
 * Makes sure a role has an entry before its name is typed (the branch given, unless it has one),
 * so a name typed into an empty role reads as an assignment on every device.
 */
export function ensureRole(doc: Y.Doc, role: PlanRole, branchId: string): void {
  const errors: PlanInputError[] = [];
  if (!isOneOf(PLAN_ROLES, role)) errors.push({ code: 'unknown-role', value: role });
  if (!liveBranchIds(doc).has(branchId)) errors.push({ code: 'unknown-branch', branchId });
  reject(errors);
  const roles = rolesMap(doc);
  const current = roles.get(role);
  if (typeof current !== 'object' || current === null) roles.set(role, { branchId });
}

/** Clears a role: its entry, and its name (so typing into it again starts from nothing). */
export function clearRole(doc: Y.Doc, role: PlanRole): void {
  doc.transact(() => {
    // The name first, while a schema-1 entry still holds it (so the deletion is of those letters).
    setTextField(planText(doc, { field: 'roleName', role }), '');
    rolesMap(doc).delete(role);
  });
}

export function setChecklistItem(doc: Y.Doc, key: ChecklistKey, done: boolean): void {
  // Unknown keys would be stored but never shown; refuse them so the typo surfaces.
  if (!isOneOf(CHECKLIST_KEYS, key)) reject([{ code: 'unknown-checklist-item', value: key }]);
  const map = checklistMap(doc);
  if (done) {
    if (map.get(key) !== true) map.set(key, true);
  } else if (map.has(key)) {
    map.delete(key);
  }
}

/**
 * Moves the plan to `to`, recording who and when. Returns a typed error instead of writing when the
 * step is not allowed (`validatePlanTransition`). Two devices changing the status concurrently end
 * with one of the two (last writer wins); the view accepts any known status.
 */
export function setPlanStatus(
  doc: Y.Doc,
  to: PlanStatus,
  by: { by: string; at: number },
): Result<PlanStatus, PlanTransitionError> {
  const plan = fields(doc);
  const error = validatePlanTransition(readStatus(plan.get('status')).status, to);
  if (error) return { ok: false, error };
  plan.set('status', { status: to, by: by.by, at: by.at });
  return { ok: true, value: to };
}

/** The discipline member's check of the budget; it goes stale when a line changes afterwards. */
export function checkBudget(
  doc: Y.Doc,
  check: { checkedBy: string; checkedAt: number; note?: string },
): void {
  const digest = budgetDigest(readPlan(doc).budget);
  fields(doc).set('budgetCheck', {
    checkedBy: check.checkedBy,
    checkedAt: check.checkedAt,
    note: check.note ?? '',
    digest,
  });
}

export function clearBudgetCheck(doc: Y.Doc): void {
  fields(doc).delete('budgetCheck');
}

function addToList(
  doc: Y.Doc,
  list: PlanList,
  id: string,
  values: object,
  errors: PlanInputError[],
  index?: number,
): void {
  const entries = listMap(doc, list);
  if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  // Ids are made fresh by the caller; reusing one would silently replace another entry.
  else if (entries.has(id)) errors.push({ code: 'duplicate-id', id });
  reject(errors);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    entries.set(id, map);
    writeListValues(doc, list, id, map, values);
    placeEntry(entries, id, index ?? Number.MAX_SAFE_INTEGER);
  });
}

/** Writes an entry's fields; its typed text goes to the entry's `Y.Text`, never its map. */
function writeListValues(
  doc: Y.Doc,
  list: PlanList,
  id: string,
  map: Y.Map<unknown>,
  values: object,
): void {
  const rest: Record<string, unknown> = { ...values };
  for (const key of PLAN_LIST_TEXT_KEYS[list]) {
    const text = rest[key];
    delete rest[key];
    if (typeof text === 'string')
      setTextField(planText(doc, { field: 'listText', list, id, key }), text);
  }
  writeFields(map, rest);
}

function updateInList(doc: Y.Doc, list: PlanList, id: string, values: object): void {
  const map = listMap(doc, list).get(id);
  if (!(map instanceof Y.Map)) throw new Error(`no ${list} entry ${id}`);
  doc.transact(() => writeListValues(doc, list, id, map, values));
}

/** Adds an agenda item under `id` (a ULID or UUID made by the caller), at `index` or at the end. */
export function addAgendaItem(
  doc: Y.Doc,
  id: string,
  input: AgendaItemInput,
  index?: number,
): void {
  addToList(doc, 'agenda', id, input, validateAgendaItem(input), index);
}

export function updateAgendaItem(doc: Y.Doc, id: string, patch: AgendaItemInput): void {
  reject(validateAgendaItem(patch));
  updateInList(doc, 'agenda', id, patch);
}

export function addReading(doc: Y.Doc, id: string, input: ReadingInput, index?: number): void {
  addToList(doc, 'readings', id, input, [], index);
}

export function updateReading(doc: Y.Doc, id: string, patch: ReadingInput): void {
  updateInList(doc, 'readings', id, patch);
}

export function addBudgetLine(
  doc: Y.Doc,
  id: string,
  input: BudgetLineInput,
  index?: number,
): void {
  addToList(doc, 'budget', id, input, validateBudgetLine(input), index);
}

export function updateBudgetLine(doc: Y.Doc, id: string, patch: BudgetLineInput): void {
  reject(validateBudgetLine(patch));
  updateInList(doc, 'budget', id, patch);
}

export function addAgreedItem(
  doc: Y.Doc,
  id: string,
  input: AgreedItemInput,
  index?: number,
): void {
  addToList(doc, 'agreed', id, input, validateAgreedItem(input), index);
}

export function updateAgreedItem(doc: Y.Doc, id: string, patch: AgreedItemInput): void {
  reject(validateAgreedItem(patch));
  updateInList(doc, 'agreed', id, patch);
}

/**
 * Moves a live entry to `toIndex` of the list as currently shown (0 = first). Only the entry's
 * order key is written, so concurrent moves never duplicate or drop it (see `ordered-list.ts`).
 */
export function movePlanEntry(doc: Y.Doc, list: PlanList, id: string, toIndex: number): void {
  const entries = listMap(doc, list);
  const map = entries.get(id);
  if (!(map instanceof Y.Map) || !isLiveEntry(map)) throw new Error(`no ${list} entry ${id}`);
  placeEntry(entries, id, toIndex);
}

/** Removes an entry with a tombstone; `restorePlanEntry` brings it back at its old place. */
export function removePlanEntry(doc: Y.Doc, list: PlanList, id: string): void {
  listMap(doc, list).get(id)?.set('deleted', true);
}

export function restorePlanEntry(doc: Y.Doc, list: PlanList, id: string): void {
  listMap(doc, list).get(id)?.delete('deleted');
}

export type CarryError =
  { code: 'missing-plan-id'; which: 'from' | 'to' } | { code: 'same-plan'; id: string };

export interface CarryResult {
  /** Ids of the new items in the target plan. */
  carried: string[];
  /** Ids (in the source plan) of open items the target already holds. */
  alreadyCarried: string[];
}

/** The id of an item carried from `planId`: derived, so devices carrying concurrently agree. */
function carriedId(planId: string, itemId: string): string {
  const key = `${planId}/${itemId}`;
  return `c-${fnv1a(key)}${fnv1a(key, 0x9747b28c)}`;
}

/**
 * Copies the open agreed items (议定事项) of last month's plan into this month's, with new ids and
 * `carriedFrom` set, appended in their order. Idempotent: an item already carried — even one since
 * removed from the target — is not carried again. The new id is derived from the source plan and
 * item, so two devices carrying offline produce the same entry instead of a duplicate. The source
 * plan is only read: it may belong to another month's lead and be read-only here.
 */
export function carryOpenItems(
  fromPlanDoc: Y.Doc,
  toPlanDoc: Y.Doc,
): Result<CarryResult, CarryError> {
  const fromId = readString(fields(fromPlanDoc).get('id'));
  const toId = readString(fields(toPlanDoc).get('id'));
  // Without ids the carried items could not say where they came from, and idempotence breaks.
  if (fromId === '') return { ok: false, error: { code: 'missing-plan-id', which: 'from' } };
  if (toId === '') return { ok: false, error: { code: 'missing-plan-id', which: 'to' } };
  // Carrying a plan into itself would double every open item.
  if (fromId === toId) return { ok: false, error: { code: 'same-plan', id: fromId } };

  const target = listMap(toPlanDoc, 'agreed');
  const carriedBefore = new Set<string>();
  for (const map of target.values()) {
    if (map instanceof Y.Map && map.get('carriedFrom') === fromId) {
      carriedBefore.add(readString(map.get('carriedItemId')));
    }
  }
  const result: CarryResult = { carried: [], alreadyCarried: [] };
  toPlanDoc.transact(() => {
    for (const item of readPlan(fromPlanDoc).agreedItems) {
      if (item.status !== 'open') continue;
      const id = carriedId(fromId, item.id);
      if (carriedBefore.has(item.id) || target.has(id)) {
        result.alreadyCarried.push(item.id);
        continue;
      }
      const map = new Y.Map<unknown>();
      target.set(id, map);
      writeFields(map, {
        text: item.text,
        owner: item.owner,
        deadline: item.deadline,
        carriedFrom: fromId,
        carriedItemId: item.id,
      });
      placeEntry(target, id, Number.MAX_SAFE_INTEGER);
      result.carried.push(id);
    }
  });
  return { ok: true, value: result };
}

export type PlanWarning =
  | BudgetWarning
  | { code: 'budget-unchecked' }
  | { code: 'budget-check-stale' }
  | { code: 'role-branch-not-participating'; role: PlanRole; branchId: string };

/**
 * Things the committee should look at; none of them blocks saving or a status change (DOMAIN.md:
 * prefer warnings over refusals).
 */
export function planWarnings(plan: JointPlan): PlanWarning[] {
  const warnings: PlanWarning[] = [...budgetWarnings(plan.budget)];
  if (plan.budget.length > 0 && plan.budgetCheck === null)
    warnings.push({ code: 'budget-unchecked' });
  if (plan.budgetCheck?.stale) warnings.push({ code: 'budget-check-stale' });
  const branchIds = new Set(plan.branches.map((branch) => branch.branchId));
  for (const role of PLAN_ROLES) {
    const assignment = plan.roles[role];
    if (assignment && !branchIds.has(assignment.branchId)) {
      warnings.push({ code: 'role-branch-not-participating', role, branchId: assignment.branchId });
    }
  }
  return warnings;
}
