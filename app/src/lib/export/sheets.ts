import { yearTotals, type StudyEntry, type StudyForm } from '@branchbook/model';
import type { BranchTableRow } from '$lib/study/branch-table.ts';
import { roundHalf } from '$lib/study/year-progress.ts';

/**
 * Spreadsheet contents as plain data, independent of the xlsx writer (loaded on demand, see
 * `xlsx.ts`), so what goes into an export is unit-tested without it.
 */
export type SheetCell = string | number | null;

export interface SheetRow {
  cells: SheetCell[];
  bold?: boolean;
}

export interface SheetSpec {
  /** The worksheet's tab name (Excel allows 31 characters). */
  name: string;
  /** Column widths in characters. */
  widths: number[];
  rows: SheetRow[];
}

export interface StudyRecordLabels {
  sheet: string;
  title: string;
  /** e.g. "姓名：张明 支部：第一党支部" */
  subtitle: string;
  header: {
    date: string;
    title: string;
    source: string;
    form: string;
    organiser: string;
    place: string;
    leadReader: string;
    hours: string;
    credit: string;
    counts: string;
  };
  form: (form: StudyForm) => string;
  yes: string;
  no: string;
  total: string;
  counted: string;
  target: string;
}

/** A member's study record for one calendar year, oldest first as in a ledger, with totals. */
export function studyRecordSheet(
  entries: readonly StudyEntry[],
  year: number,
  target: number,
  labels: StudyRecordLabels,
): SheetSpec {
  const prefix = `${year}-`;
  const ofYear = entries
    .filter((e) => !e.deleted && e.date.startsWith(prefix))
    .sort((a, b) => (a.date === b.date ? a.createdAt - b.createdAt : a.date < b.date ? -1 : 1));
  const totals = yearTotals(ofYear, year);
  const h = labels.header;
  return {
    name: labels.sheet.slice(0, 31),
    widths: [12, 30, 20, 12, 14, 16, 10, 10, 8, 10],
    rows: [
      { cells: [labels.title], bold: true },
      { cells: [labels.subtitle] },
      {
        cells: [
          h.date,
          h.title,
          h.source,
          h.form,
          h.organiser,
          h.place,
          h.leadReader,
          h.hours,
          h.credit,
          h.counts,
        ],
        bold: true,
      },
      ...ofYear.map((e) => ({
        cells: [
          e.date,
          e.title,
          [e.source, e.chapter].filter(Boolean).join(' · '),
          labels.form(e.form),
          e.organiser,
          e.place,
          e.leadReader,
          Math.round((e.minutes / 60) * 100) / 100,
          e.credit,
          e.counts ? labels.yes : labels.no,
        ],
      })),
      { cells: [] },
      { cells: [labels.total, roundHalf(totals.total)], bold: true },
      { cells: [labels.counted, roundHalf(totals.counted)], bold: true },
      { cells: [labels.target, target] },
    ],
  };
}

export interface BranchTableLabels {
  sheet: string;
  title: string;
  header: { name: string; role: string; counted: string; total: string; target: string };
  role: (role: BranchTableRow['role']) => string;
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
        cells: [r.name, labels.role(r.role), r.counted, r.total, r.target],
      })),
    ],
  };
}

/** A file name without characters Windows refuses. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '-').trim();
}
