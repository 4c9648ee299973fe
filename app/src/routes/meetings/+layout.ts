import { registerMeetingMessages } from '$lib/meetings/messages.ts';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = () => {
  registerMeetingMessages();
};
