import type { LedgerKind } from '@branchbook/model';
import type { Translate } from '$lib/i18n/translate.ts';

/** `2026-11-20` as 2026年11月20日. */
export function formatMeetingDate(date: string): string {
  const [y, m, d] = date.split('-');
  return y && m && d ? `${y}年${Number(m)}月${Number(d)}日` : date;
}

/** The year and month of a `YYYY-MM-DD` date, for "来自：2026年11月支部党员大会". */
export function meetingMonth(date: string): { year: string; month: number } | null {
  const match = /^(\d{4})-(\d{2})/.exec(date);
  return match ? { year: match[1] ?? '', month: Number(match[2]) } : null;
}

/** A ledger row's or report line's kind: a meeting kind, a joint theme day, another activity. */
export function ledgerKindLabel(kind: LedgerKind, t: Translate): string {
  return kind === 'jointPlan' || kind === 'other'
    ? t(`monthlyReport.kind.${kind}`)
    : t(`meeting.kind.${kind}`);
}
