import { addMessages } from 'svelte-i18n';
import { lessonsEn } from '$lib/i18n/lessons.en.ts';
import { lessonsZhCN } from '$lib/i18n/lessons.zh-CN.ts';

let registered = false;

/**
 * Adds the lesson screens' messages under `lesson.*` (svelte-i18n merges them into the app's).
 * Called when a /lessons module loads, so the study screens never carry these strings.
 */
export function registerLessonMessages(): void {
  if (registered) return;
  registered = true;
  addMessages('zh-CN', { lesson: lessonsZhCN });
  addMessages('en', { lesson: lessonsEn });
}
