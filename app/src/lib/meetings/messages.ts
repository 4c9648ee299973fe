import { addMessages } from 'svelte-i18n';
import { meetingsEn } from '$lib/i18n/meetings.en.ts';
import { meetingsZhCN } from '$lib/i18n/meetings.zh-CN.ts';
import { reportEn } from '$lib/i18n/report.en.ts';
import { reportZhCN } from '$lib/i18n/report.zh-CN.ts';

let registered = false;

/**
 * Adds the meeting messages (key `meeting`) and the monthly report's (`monthlyReport`) to
 * svelte-i18n; also used by the study list.
 */
export function registerMeetingMessages(): void {
  if (registered) return;
  registered = true;
  addMessages('zh-CN', { meeting: meetingsZhCN, monthlyReport: reportZhCN });
  addMessages('en', { meeting: meetingsEn, monthlyReport: reportEn });
}
