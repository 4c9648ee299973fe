import { addMessages } from 'svelte-i18n';
import { binderEn } from '$lib/i18n/binder.en.ts';
import { binderZhCN } from '$lib/i18n/binder.zh-CN.ts';
import { ledgerEn } from '$lib/i18n/ledger.en.ts';
import { ledgerZhCN } from '$lib/i18n/ledger.zh-CN.ts';
import { meetingsEn } from '$lib/i18n/meetings.en.ts';
import { meetingsZhCN } from '$lib/i18n/meetings.zh-CN.ts';
import { reportEn } from '$lib/i18n/report.en.ts';
import { reportZhCN } from '$lib/i18n/report.zh-CN.ts';
import { yearPlanEn } from '$lib/i18n/yearplan.en.ts';
import { yearPlanZhCN } from '$lib/i18n/yearplan.zh-CN.ts';

let registered = false;

/**
 * Adds the meeting messages (key `meeting`), the ledger's (`ledger`), the monthly report's
 * (`monthlyReport`), the year plan's (`yearPlan`) and the binder's (`binder`) to svelte-i18n; also
 * used by the study list.
 */
export function registerMeetingMessages(): void {
  if (registered) return;
  registered = true;
  addMessages('zh-CN', {
    meeting: meetingsZhCN,
    ledger: ledgerZhCN,
    monthlyReport: reportZhCN,
    yearPlan: yearPlanZhCN,
    binder: binderZhCN,
  });
  addMessages('en', {
    meeting: meetingsEn,
    ledger: ledgerEn,
    monthlyReport: reportEn,
    yearPlan: yearPlanEn,
    binder: binderEn,
  });
}
