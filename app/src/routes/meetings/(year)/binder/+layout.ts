import { registerPlanMessages } from '$lib/plans/messages.ts';
import type { LayoutLoad } from './$types';

// The binder lays out joint plans as their print view does, in the plans' own words.
export const load: LayoutLoad = () => {
  registerPlanMessages();
};
