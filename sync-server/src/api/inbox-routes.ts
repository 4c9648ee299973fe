import { API, type InboxEvent } from '@branchbook/protocol';
import { may } from '@branchbook/model';
import type { RecordedEvent } from '../auth/auth-store.ts';
import { route, type ApiApp, type ApiDeps } from './route-context.ts';

/** Events per page of `GET /api/inbox?after=`; without `after`, the newest `FIRST`. */
const PAGE = 100;
const FIRST = 50;

function view({ seq, at, kind, actorName, refId, branchName, detail }: RecordedEvent): InboxEvent {
  return {
    seq,
    at,
    kind,
    actorName,
    refId,
    ...(branchName ? { branchName } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * The inbox (issue 14): what happened in the registry that concerns the caller, kept on their
 * device. The store reads the candidates — addressed to the caller or to one of their branches —
 * and the access rule decides each (a branch's committee events are not its members').
 */
export function inboxRoutes(app: ApiApp, { auth }: ApiDeps): void {
  route(app, API.inbox, async ({ query, subject }) => {
    const after = query.after;
    const limit = after === undefined ? FIRST : PAGE;
    const events = await auth.eventsFor(
      subject.userId,
      subject.memberships.map((m) => m.branchId),
      after === undefined ? { limit } : { after, limit },
    );
    const more = after !== undefined && events.length === limit;
    // The cursor moves past what was read, also past events the caller may not see; an event
    // recorded meanwhile has a higher number, so the next ask gets it.
    const last = events.at(-1)?.seq ?? after ?? 0;
    return {
      events: events.filter((e) => may(subject, 'inbox.see', e.audience)).map(view),
      last,
      more,
    };
  });
}
