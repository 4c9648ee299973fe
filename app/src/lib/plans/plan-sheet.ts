import { formatFen, type JointPlan } from '@branchbook/model';
import type { SheetSpec } from '$lib/export/sheets.ts';
import { formatPlanDate, participantTotal, type Translate } from './plan-document.ts';

/** A row of the monthly list: the plan as read from its document, or only the device's summary. */
export type MonthPlanRow =
  | { loaded: true; plan: JointPlan }
  | { loaded: false; id: string; theme: string; leadBranchId: string; branchIds: string[] };

/**
 * The month's plans as a ledger-style sheet (one row per plan), for the committee's monthly
 * report. Plans not yet on this device are listed with what is known and marked as such.
 */
export function monthPlansSheet(
  month: string,
  rows: readonly MonthPlanRow[],
  ctx: { t: Translate; locale: string; branchName: (id: string) => string },
): SheetSpec {
  const { t, locale, branchName } = ctx;
  const k = (key: string, values?: Record<string, string | number>) =>
    t(`jointPlans.${key}`, values);
  const zh = locale.startsWith('zh');
  const [year = '', m = ''] = month.split('-');
  const monthText = k('doc.month', { year, month: Number(m) });
  const col = (key: string) => k(`sheet.col.${key}`);
  const join = (ids: readonly string[]) => ids.map(branchName).join(zh ? '、' : ', ');
  const sorted = [...rows].sort((a, b) => {
    const da = a.loaded ? a.plan.date : '';
    const db = b.loaded ? b.plan.date : '';
    return da === db ? 0 : da < db ? -1 : 1;
  });
  return {
    name: k('sheet.name'),
    widths: [6, 30, 14, 14, 20, 20, 28, 10, 12, 10, 12],
    rows: [
      { cells: [k('sheet.title', { month: monthText })], bold: true },
      {
        cells: [
          col('number'),
          col('theme'),
          col('date'),
          col('time'),
          col('place'),
          col('lead'),
          col('co'),
          col('people'),
          col('budget'),
          col('status'),
          col('open'),
        ],
        bold: true,
      },
      ...sorted.map((row, i) => {
        if (!row.loaded) {
          return {
            cells: [
              i + 1,
              `${row.theme || k('untitled')} ${k('sheet.notLoaded')}`,
              null,
              null,
              null,
              branchName(row.leadBranchId),
              join(row.branchIds.filter((id) => id !== row.leadBranchId)),
              null,
              null,
              null,
              null,
            ],
          };
        }
        const plan = row.plan;
        return {
          cells: [
            i + 1,
            plan.theme || k('untitled'),
            plan.date ? formatPlanDate(plan.date, locale) : null,
            plan.startTime || plan.endTime ? `${plan.startTime}–${plan.endTime}` : null,
            plan.place || null,
            branchName(plan.leadBranchId),
            join(plan.branches.filter((b) => !b.lead).map((b) => b.branchId)),
            participantTotal(plan),
            Number(formatFen(plan.budgetTotalFen)),
            k(`status.${plan.status}`),
            plan.agreedItems.filter((item) => item.status === 'open').length,
          ],
        };
      }),
    ],
  };
}
