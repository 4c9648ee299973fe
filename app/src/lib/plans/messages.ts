import { addMessages } from 'svelte-i18n';
import { plansEn } from '$lib/i18n/plans.en.ts';
import { plansZhCN } from '$lib/i18n/plans.zh-CN.ts';
import { pairingsEn } from '$lib/i18n/pairings.en.ts';
import { pairingsZhCN } from '$lib/i18n/pairings.zh-CN.ts';

let registered = false;

/** Adds the plan screens' messages to svelte-i18n (it merges them with the app's own). */
export function registerPlanMessages(): void {
  if (registered) return;
  registered = true;
  addMessages('zh-CN', plansZhCN);
  addMessages('en', plansEn);
  addMessages('zh-CN', pairingsZhCN);
  addMessages('en', pairingsEn);
}
