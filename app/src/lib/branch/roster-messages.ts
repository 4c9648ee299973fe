import { addMessages } from 'svelte-i18n';
import { rosterEn } from '$lib/i18n/roster.en.ts';
import { rosterZhCN } from '$lib/i18n/roster.zh-CN.ts';

let registered = false;

/** Adds the 支部成员 screen's messages under `roster.*`; called when that screen loads. */
export function registerRosterMessages(): void {
  if (registered) return;
  registered = true;
  addMessages('zh-CN', { roster: rosterZhCN });
  addMessages('en', { roster: rosterEn });
}
