import { registerLesson } from '$lib/lessons/lesson-api.ts';
import { registerMeeting } from '$lib/meetings/meetings-api.ts';
import { registerPlan } from '$lib/plans/plans-api.ts';
import type { Registrars } from '$lib/sync/registrars.ts';

/** The registry call per kind; the HTTP details stay in each kind's API module. */
export const REGISTRARS: Registrars = {
  plan: (server, id, plan) => registerPlan(server.serverUrl, server.token, { id, ...plan }),
  lesson: (server, id, lesson) => registerLesson(server.serverUrl, server.token, { id, ...lesson }),
  meeting: (server, id, meeting) =>
    registerMeeting(server.serverUrl, server.token, { id, ...meeting }),
};
