import { waitLocale } from 'svelte-i18n';
import { setupI18n } from '$lib/i18n/index.ts';
import type { LayoutLoad } from './$types';

// A single-page app: the static build's index.html answers every path and the client renders.
export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async () => {
  setupI18n();
  // Messages are bundled, so this settles at once; it keeps the first render from showing keys.
  await waitLocale();
};
