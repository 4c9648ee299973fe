import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import type { ReportDraft } from './report-document.ts';

/**
 * The committee's edits of a monthly report, kept on this device per branch and month until they
 * regenerate it (or sign out: the key is one of the account's holdings), so a report edited at
 * the office is still there at home. One localStorage entry per account, an object keyed
 * `<branchId> <YYYY-MM>`.
 */
export function reportEditsKey(userId: string): string {
  return `branchbook.reportEdits.${userId}`;
}

type Stored = Record<string, ReportDraft>;

function isDraft(value: unknown): value is ReportDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.held === 'string' && typeof v.scheduled === 'string' && typeof v.followUp === 'string'
  );
}

function readAll(storage: DeviceStorage, userId: string): Stored {
  const raw = readItem(storage, reportEditsKey(userId));
  if (raw === null) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    // Anything malformed is dropped, never guessed at.
    return Object.fromEntries(
      Object.entries(value).filter(([, draft]) => isDraft(draft)),
    ) as Stored;
  } catch {
    return {};
  }
}

const slot = (branchId: string, month: string) => `${branchId} ${month}`;

/** The edited report of `branchId` for `month`, or null when it was never edited here. */
export function readReportEdits(
  storage: DeviceStorage,
  userId: string,
  branchId: string,
  month: string,
): ReportDraft | null {
  return readAll(storage, userId)[slot(branchId, month)] ?? null;
}

/** Keeps `draft` as the edited report (null: forget the edits, e.g. when regenerated). */
export function writeReportEdits(
  storage: DeviceStorage,
  userId: string,
  branchId: string,
  month: string,
  draft: ReportDraft | null,
): void {
  const all = readAll(storage, userId);
  const key = slot(branchId, month);
  if (draft === null) delete all[key];
  else all[key] = { held: draft.held, scheduled: draft.scheduled, followUp: draft.followUp };
  writeItem(
    storage,
    reportEditsKey(userId),
    Object.keys(all).length === 0 ? null : JSON.stringify(all),
  );
}
