import { formatFen, type MonthlyReport } from '@branchbook/model';
import type { OfficialBlock } from '$lib/export/official-docx.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { formatMeetingDate, ledgerKindLabel as kindLabel } from './meeting-labels.ts';

/**
 * The monthly report's text (月报, issue 15 item 5): generated from the report the model derives
 * (`monthlyReport`: last month's ledger rows, this month's scheduled records and plans, the agreed
 * items still open), one line per fact, then edited by the committee before export — so the three
 * sections are plain text the screen holds, and the Word file and the print view are laid out
 * from that text. Nothing in it ranks or scores a person.
 */
export interface ReportDraft {
  held: string;
  scheduled: string;
  followUp: string;
}

export const REPORT_SECTIONS = ['held', 'scheduled', 'followUp'] as const;

/** The report's month from `?month=2026-11`; `thisMonth` for anything else. */
export function reportMonthFromParam(value: string | null, thisMonth: string): string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : thisMonth;
}

/** `2026-11` as 2026年11月. */
export function formatReportMonth(month: string): string {
  const [y, m] = month.split('-');
  return y && m ? `${y}年${Number(m)}月` : month;
}

export function reportDraft(report: MonthlyReport, t: Translate): ReportDraft {
  const r = (key: string, values?: Record<string, string | number>) =>
    t(`monthlyReport.${key}`, values ? { values } : undefined);
  const theme = (text: string) => text.trim() || r('untitled');
  const date = (value: string) => (value ? formatMeetingDate(value) : r('noDate'));
  const lines = (items: string[]) => items.map((line, i) => `${i + 1}. ${line}`).join('\n');
  return {
    held: lines(
      report.held.map((row) =>
        r('held', {
          date: date(row.date),
          kind: kindLabel(row.kind, t),
          theme: theme(row.theme),
          expected: row.expected,
          present: row.present,
          credit: row.credit > 0 ? r('credit', { hours: row.credit }) : '',
          spending:
            row.spendingFen > 0 ? r('spending', { amount: formatFen(row.spendingFen) }) : '',
        }),
      ),
    ),
    scheduled: lines(
      report.scheduled.map((item) =>
        r('scheduled', {
          date: date(item.date),
          kind: kindLabel(item.kind, t),
          theme: theme(item.theme),
        }),
      ),
    ),
    followUp: lines(
      report.openItems.map((item) =>
        r('openItem', {
          text: item.text,
          owner: item.owner.trim() || r('noOwner'),
          deadline: item.deadline
            ? r('deadline', { date: formatMeetingDate(item.deadline) })
            : r('noDeadline'),
          agreedAt: date(item.agreedAt),
          agreedIn: theme(item.agreedIn),
        }),
      ),
    ),
  };
}

/** The report as official blocks for the Word writer and the print view. */
export function reportDocument(
  draft: ReportDraft,
  ctx: { month: string; branchName: string; t: Translate },
): OfficialBlock[] {
  const { t } = ctx;
  const r = (key: string, values?: Record<string, string | number>) =>
    t(`monthlyReport.${key}`, values ? { values } : undefined);
  const blocks: OfficialBlock[] = [
    { kind: 'title', text: r('heading', { month: formatReportMonth(ctx.month) }) },
    { kind: 'subtitle', text: ctx.branchName },
  ];
  for (const section of REPORT_SECTIONS) {
    blocks.push({ kind: 'heading', text: r(`sections.${section}`) });
    const paragraphs = draft[section]
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (paragraphs.length === 0) paragraphs.push(r('none'));
    for (const text of paragraphs) blocks.push({ kind: 'text', text });
  }
  blocks.push({
    kind: 'signatures',
    lines: [r('signatures.reporter'), r('signatures.secretary'), r('signatures.date')],
  });
  return blocks;
}
