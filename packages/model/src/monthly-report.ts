import type { JointPlan } from './joint-plan.ts';
import { ledgerRows, type LedgerAgreed, type LedgerRow, type ManualLedgerRow } from './ledger.ts';
import type { MeetingKind, MeetingRecord } from './meeting-record.ts';

/**
 * The monthly report (月报, issue 15 item 5): "上月开展情况 / 本月工作安排 / 议定事项落实情况",
 * generated from what is already recorded — last month's ledger rows, this month's scheduled
 * meetings and plans, and the agreed items still open with their owners. Nothing in it is typed
 * twice; the committee edits the generated text before export.
 */

export interface ScheduledItem {
  date: string;
  kind: MeetingKind | 'jointPlan';
  theme: string;
  source: { type: 'meeting' | 'plan'; id: string };
}

export interface OpenAgreedItem extends LedgerAgreed {
  /** Where it was agreed: the record's or plan's date and theme. */
  agreedAt: string;
  agreedIn: string;
}

export interface MonthlyReport {
  /** `YYYY-MM` of the report (its 本月). */
  month: string;
  lastMonth: string;
  held: LedgerRow[];
  scheduled: ScheduledItem[];
  openItems: OpenAgreedItem[];
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function monthlyReport(
  sources: {
    meetings: readonly MeetingRecord[];
    plans: readonly JointPlan[];
    manual: readonly ManualLedgerRow[];
  },
  month: string,
): MonthlyReport {
  const lastMonth = previousMonth(month);
  const year = Number(lastMonth.slice(0, 4));
  const held = ledgerRows(sources, { year }).filter((row) => row.date.startsWith(lastMonth));
  const linked = new Set(sources.meetings.map((m) => m.planId).filter((id) => id !== ''));
  const scheduled: ScheduledItem[] = [
    ...sources.meetings
      .filter((m) => m.status === 'draft' && m.date.startsWith(month))
      .map((m) => ({
        date: m.date,
        kind: m.kind,
        theme: m.study.title,
        source: { type: 'meeting' as const, id: m.id },
      })),
    ...sources.plans
      .filter(
        (p) =>
          (p.status === 'draft' || p.status === 'agreed') &&
          (p.date.startsWith(month) || (p.date === '' && p.month === month)) &&
          !linked.has(p.id),
      )
      .map((p) => ({
        date: p.date,
        kind: 'jointPlan' as const,
        theme: p.theme,
        source: { type: 'plan' as const, id: p.id },
      })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.source.id.localeCompare(b.source.id));
  // Open items of every held activity so far, oldest first: carried until done.
  const allHeld = [year - 1, year].flatMap((y) => ledgerRows(sources, { year: y }));
  const openItems = allHeld
    .filter((row) => row.date < `${month}-32`)
    .flatMap((row) =>
      row.agreed
        .filter((item) => item.status === 'open')
        .map((item) => ({ ...item, agreedAt: row.date, agreedIn: row.theme })),
    );
  return { month, lastMonth, held, scheduled, openItems };
}
