import * as Y from 'yjs';
import { isValidId } from './doc-name.ts';
import type { JointPlan } from './joint-plan.ts';
import { headcount, type MeetingKind, type MeetingRecord } from './meeting-record.ts';
import { readCount, readString, writeFields } from './scalars.ts';

/**
 * The branch's activity ledger (台账, issue 15 item 4): one row per held activity — each meeting
 * record marked held, each joint plan held without a record of its own (a theme day's record
 * links its plan, and then the record is the row), and the rows the committee adds by hand for
 * what happened outside the app — numbered per year in date order, with the columns inspectors
 * read. Derived, never typed twice. Rows name the chair, the recorder and the owners of agreed
 * items, as the paper ledger does; nothing ranks or scores a person.
 */

export type LedgerKind = MeetingKind | 'jointPlan' | 'other';

export interface LedgerAgreed {
  text: string;
  owner: string;
  deadline: string;
  status: 'open' | 'done';
}

export interface LedgerRow {
  /** 1, 2, … per year, in date order. */
  number: number;
  date: string;
  place: string;
  kind: LedgerKind;
  theme: string;
  chair: string;
  recorder: string;
  expected: number;
  present: number;
  absent: number;
  summary: string;
  resolutions: string[];
  agreed: LedgerAgreed[];
  /** 学时 credited to each member present. */
  credit: number;
  spendingFen: number;
  /** Where the row comes from, to open it. */
  source: { type: 'meeting' | 'plan' | 'manual'; id: string };
}

/** A row the committee adds by hand (kept in the branch document, `branch:<id>`). */
export interface ManualLedgerRow {
  id: string;
  date: string;
  place: string;
  theme: string;
  chair: string;
  recorder: string;
  expected: number;
  present: number;
  summary: string;
  credit: number;
  spendingFen: number;
}

export interface LedgerFilter {
  year: number;
  /** 1–4. */
  quarter?: number;
  kind?: LedgerKind;
}

const QUARTER_OF = (date: string) => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;

function fromMeeting(record: MeetingRecord): Omit<LedgerRow, 'number'> {
  const count = headcount(record);
  return {
    date: record.date,
    place: record.place,
    kind: record.kind,
    theme: record.study.title,
    chair: record.chair,
    recorder: record.recorder,
    expected: count.expected,
    present: count.present,
    absent: count.absent + count.leave,
    summary: record.agenda.map((t) => t.title).join('；'),
    resolutions: record.resolutions.map(
      (r) => `${r.text}（赞成${r.for}，反对${r.against}，弃权${r.abstain}）`,
    ),
    agreed: record.agreed.map(({ text, owner, deadline, status }) => ({
      text,
      owner,
      deadline,
      status,
    })),
    credit: record.study.credit,
    spendingFen: record.spendingFen,
    source: { type: 'meeting', id: record.id },
  };
}

function fromPlan(plan: JointPlan): Omit<LedgerRow, 'number'> {
  const present = Object.values(plan.participants).reduce((sum, n) => sum + n, 0);
  return {
    date: plan.date,
    place: plan.place,
    kind: 'jointPlan',
    theme: plan.theme,
    chair: plan.roles.chair?.name ?? '',
    recorder: plan.roles.recorder?.name ?? '',
    expected: present,
    present,
    absent: 0,
    summary: plan.agenda.map((a) => a.title).join('；'),
    resolutions: [],
    agreed: plan.agreedItems.map(({ text, owner, deadline, status }) => ({
      text,
      owner,
      deadline,
      status,
    })),
    credit: 0,
    spendingFen: plan.budgetTotalFen,
    source: { type: 'plan', id: plan.id },
  };
}

function fromManual(row: ManualLedgerRow): Omit<LedgerRow, 'number'> {
  return {
    date: row.date,
    place: row.place,
    kind: 'other',
    theme: row.theme,
    chair: row.chair,
    recorder: row.recorder,
    expected: row.expected,
    present: row.present,
    absent: Math.max(0, row.expected - row.present),
    summary: row.summary,
    resolutions: [],
    agreed: [],
    credit: row.credit,
    spendingFen: row.spendingFen,
    source: { type: 'manual', id: row.id },
  };
}

/**
 * The ledger of one year (or quarter, or kind): held records, held plans that no record links,
 * and the manual rows; numbered 1… over the whole year before filtering by quarter or kind, so a
 * row keeps its number whatever the filter.
 */
export function ledgerRows(
  sources: {
    meetings: readonly MeetingRecord[];
    plans: readonly JointPlan[];
    manual: readonly ManualLedgerRow[];
  },
  filter: LedgerFilter,
): LedgerRow[] {
  const linked = new Set(sources.meetings.map((m) => m.planId).filter((id) => id !== ''));
  const prefix = `${filter.year}-`;
  const rows = [
    ...sources.meetings.filter((m) => m.status === 'held').map(fromMeeting),
    ...sources.plans
      .filter((p) => (p.status === 'held' || p.status === 'summarised') && !linked.has(p.id))
      .map(fromPlan),
    ...sources.manual.map(fromManual),
  ]
    .filter((row) => row.date.startsWith(prefix))
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.source.type.localeCompare(b.source.type) ||
        a.source.id.localeCompare(b.source.id),
    )
    .map((row, i) => ({ ...row, number: i + 1 }));
  return rows.filter(
    (row) =>
      (filter.quarter === undefined || QUARTER_OF(row.date) === filter.quarter) &&
      (filter.kind === undefined || row.kind === filter.kind),
  );
}

/** The manual rows in a branch document (root map `ledger`, one entry per row). */
function manualMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('ledger');
}

export function readManualLedger(doc: Y.Doc): ManualLedgerRow[] {
  const rows: ManualLedgerRow[] = [];
  for (const [id, map] of manualMap(doc).entries()) {
    if (!(map instanceof Y.Map) || map.get('deleted') === true) continue;
    const credit = map.get('credit');
    rows.push({
      id,
      date: readString(map.get('date')),
      place: readString(map.get('place')),
      theme: readString(map.get('theme')),
      chair: readString(map.get('chair')),
      recorder: readString(map.get('recorder')),
      expected: readCount(map.get('expected')),
      present: readCount(map.get('present')),
      summary: readString(map.get('summary')),
      credit: typeof credit === 'number' && Number.isFinite(credit) && credit >= 0 ? credit : 0,
      spendingFen: readCount(map.get('spendingFen')),
    });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** Adds a row by hand under a fresh `id` (a ULID or UUID made by the caller). */
export function addManualLedgerRow(
  doc: Y.Doc,
  id: string,
  input: Partial<Omit<ManualLedgerRow, 'id'>> & { date: string },
): void {
  if (!isValidId(id)) throw new Error(`bad ledger row id ${id}`);
  if (manualMap(doc).has(id)) throw new Error(`ledger row ${id} exists`);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    manualMap(doc).set(id, map);
    writeFields(map, input);
  });
}

export function removeManualLedgerRow(doc: Y.Doc, id: string): void {
  manualMap(doc).get(id)?.set('deleted', true);
}
