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

/** A file name without characters Windows refuses. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '-').trim();
}
