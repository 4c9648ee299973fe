import type { InboxEvent, InboxKind } from '@branchbook/protocol';

/** Where an event leads: the plan, the draft, or the branch's pairings. */
export type InboxTarget =
  { page: 'plan'; id: string } | { page: 'lesson'; id: string } | { page: 'pairings' };

export function inboxTarget(event: Pick<InboxEvent, 'kind' | 'refId'>): InboxTarget {
  const [area] = event.kind.split('.');
  if (area === 'plan') return { page: 'plan', id: event.refId };
  if (area === 'lesson') return { page: 'lesson', id: event.refId };
  return { page: 'pairings' };
}

/** The message key of a kind (`inbox.kinds.<key>`: dots would be read as nesting). */
export function inboxMessageKey(kind: InboxKind): string {
  return `inbox.kinds.${kind.replace('.', '_')}`;
}

/** Newest first, as the inbox lists them. */
export function newestFirst(events: readonly InboxEvent[]): InboxEvent[] {
  return [...events].sort((a, b) => b.seq - a.seq);
}
