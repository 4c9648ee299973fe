import { registerPlanMessages } from '$lib/plans/messages.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = () => {
  registerPlanMessages();
};
