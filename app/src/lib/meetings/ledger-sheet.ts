import { formatFen, type LedgerRow } from '@branchbook/model';
import type { SheetSpec } from '$lib/export/sheets.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { formatMeetingDate, ledgerKindLabel } from './meeting-labels.ts';

/**
 * The ledger's rows as the inspectors read them (台账, issue 15 item 4): the screen's table and
 * cards, the print layout and the Excel sheet all take their text from here. The columns are the
 * paper ledger's; none ranks or scores a person.
 */
export const LEDGER_COLUMNS = [
  'number',
  'date',
  'place',
  'kind',
  'theme',
  'chair',
  'recorder',
  'attendance',
  'summary',
  'resolutions',
  'credit',
  'spending',
] as const;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

type Values = Record<string, string | number>;

function messages(t: Translate) {
  return (key: string, values?: Values) => t(`ledger.${key}`, values ? { values } : undefined);
}

/** The row's resolutions, then its agreed items with owner, deadline and whether done. */
export function ledgerNotes(row: LedgerRow, t: Translate): string[] {
  const l = messages(t);
  return [
    ...row.resolutions.map((text) => l('resolution', { text })),
    ...row.agreed.map((item) =>
      l('agreed', {
        text: item.text.trim() || l('untitled'),
        owner: item.owner.trim() || l('noOwner'),
        deadline: item.deadline
          ? l('deadline', { date: formatMeetingDate(item.deadline) })
          : l('noDeadline'),
        status: l(`agreedStatus.${item.status}`),
      }),
    ),
  ];
}

/** `1234.56`, or '' when nothing was spent. */
function spending(fen: number): string {
  return fen > 0 ? formatFen(fen) : '';
}

/** Each column's text for one row (the screen and print layout). */
export function ledgerCells(row: LedgerRow, t: Translate): Record<LedgerColumn, string> {
  const l = messages(t);
  return {
    number: String(row.number),
    date: row.date ? formatMeetingDate(row.date) : '',
    place: row.place,
    kind: ledgerKindLabel(row.kind, t),
    theme: row.theme.trim() || l('untitled'),
    chair: row.chair,
    recorder: row.recorder,
    attendance: l('attendance', {
      expected: row.expected,
      present: row.present,
      absent: row.absent,
    }),
    summary: row.summary,
    resolutions: ledgerNotes(row, t).join('；'),
    credit: row.credit > 0 ? String(row.credit) : '',
    spending: spending(row.spendingFen),
  };
}

/**
 * The ledger as one worksheet: a title row, the header, one row per ledger row. Headcounts,
 * 学时 and spending (in yuan) are numbers, so the inspectors' sheet adds them up.
 */
export function ledgerSheet(
  rows: readonly LedgerRow[],
  ctx: { t: Translate; year: number; branchName: string },
): SheetSpec {
  const l = messages(ctx.t);
  const col = (key: string) => l(`columns.${key}`);
  return {
    name: l('sheetName'),
    widths: [6, 16, 16, 14, 30, 10, 10, 6, 6, 6, 30, 44, 6, 10],
    rows: [
      { cells: [l('sheetTitle', { branch: ctx.branchName, year: ctx.year })], bold: true },
      {
        cells: [
          col('number'),
          col('date'),
          col('place'),
          col('kind'),
          col('theme'),
          col('chair'),
          col('recorder'),
          col('expected'),
          col('present'),
          col('absent'),
          col('summary'),
          col('resolutions'),
          col('credit'),
          col('spending'),
        ],
        bold: true,
      },
      ...rows.map((row) => {
        const cells = ledgerCells(row, ctx.t);
        const text = (value: string) => (value === '' ? null : value);
        return {
          cells: [
            row.number,
            text(cells.date),
            text(cells.place),
            cells.kind,
            cells.theme,
            text(cells.chair),
            text(cells.recorder),
            row.expected,
            row.present,
            row.absent,
            text(cells.summary),
            text(cells.resolutions),
            row.credit,
            row.spendingFen > 0 ? Number(formatFen(row.spendingFen)) : null,
          ],
        };
      }),
    ],
  };
}
