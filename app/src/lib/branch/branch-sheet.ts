import type { SheetSpec } from '$lib/export/sheets.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import type { BranchTableRow } from './branch-table.ts';

export interface BranchTableLabels {
  sheet: string;
  title: string;
  header: { name: string; role: string; counted: string; total: string; target: string };
  role: (role: BranchTableRow['role']) => string;
  /** Said after a removed member's name (已移出). */
  removed: string;
}

/** The branch's 学时 table: one row per member in name order, as on screen. */
export function branchTableSheet(
  rows: readonly BranchTableRow[],
  labels: BranchTableLabels,
): SheetSpec {
  const h = labels.header;
  return {
    name: labels.sheet.slice(0, 31),
    widths: [14, 12, 16, 12, 12],
    rows: [
      { cells: [labels.title], bold: true },
      { cells: [h.name, h.role, h.counted, h.total, h.target], bold: true },
      ...rows.map((r) => ({
        cells: [
          r.removed ? `${r.name}（${labels.removed}）` : r.name,
          labels.role(r.role),
          r.counted,
          r.total,
          r.target,
        ],
      })),
    ],
  };
}

export function branchTableLabels(
  t: Translate,
  year: number,
  branch: string | null,
): BranchTableLabels {
  const title = t('print.branchTitle', { values: { year } });
  return {
    sheet: t('branch.title'),
    title: branch ? `${branch} ${title}` : title,
    header: {
      name: t('branch.name'),
      role: t('branch.role'),
      counted: t('branch.counted'),
      total: t('branch.total'),
      target: t('branch.target'),
    },
    role: (role) => t(`roles.${role}`),
    removed: t('branch.removed'),
  };
}
