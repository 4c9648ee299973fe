import { afterEach, describe, expect, it, vi } from 'vitest';
import { INBOX_KINDS, type InboxEvent } from '@branchbook/protocol';
import { zhCN } from '$lib/i18n/zh-CN.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { InboxState } from './inbox.svelte.ts';
import { KEEP, addAnswer, EMPTY_INBOX, inboxStorageKey, readInbox } from './inbox-store.ts';
import { inboxMessageKey, inboxTarget } from './inbox-items.ts';

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'u1',
  name: '周洁',
  branches: [{ branchId: 'b1', name: '考古工地临时党支部', role: 'member' }],
};

const event = (seq: number, kind: InboxEvent['kind'] = 'lesson.coAuthor'): InboxEvent => ({
  seq,
  at: 1_790_000_000_000 + seq,
  kind,
  actorName: '李强',
  refId: `l${seq}`,
});

/** A server that answers `GET /api/inbox` from `events`, as the real one pages them. */
function server(events: InboxEvent[], asked: string[] = []) {
  vi.stubGlobal('fetch', async (url: URL) => {
    const after = url.searchParams.get('after');
    asked.push(after ?? 'newest');
    const page =
      after === null
        ? events.slice(-50)
        : events.filter((e) => e.seq > Number(after)).slice(0, 100);
    const more = after !== null && page.length === 100;
    const last = page.at(-1)?.seq ?? Number(after ?? 0);
    return new Response(JSON.stringify({ events: page, last, more }), { status: 200 });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('InboxState', () => {
  it('hears the newest first, then what came after, and counts what is new until looked at', async () => {
    const storage = memoryStorage();
    const account = { session, userId: 'u1', markRevoked: vi.fn() };
    const events = Array.from({ length: 60 }, (_, i) => event(i + 1));
    const asked = server(events);
    const inbox = new InboxState(account, { storage });
    await inbox.refresh();
    expect(asked).toEqual(['newest']);
    expect(inbox.inbox.events.map((e) => e.seq)).toEqual(events.slice(-50).map((e) => e.seq));
    expect(inbox.unseen).toBe(50);
    inbox.markSeen();
    expect(inbox.unseen).toBe(0);

    // 150 more: two pages in one refresh; the count is those.
    events.push(...Array.from({ length: 150 }, (_, i) => event(61 + i)));
    await inbox.refresh();
    expect(asked).toEqual(['newest', '60', '160']);
    expect(inbox.unseen).toBe(150);
    expect(inbox.inbox.events).toHaveLength(KEEP);

    // Kept on the device: a new start reads the same, offline too.
    const again = new InboxState(account, { storage });
    expect(again.unseen).toBe(150);
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    await again.refresh();
    expect(again.offline).toBe(true);
    expect(again.inbox.events).toHaveLength(KEEP);
  });

  it('a refused token marks the account revoked; another account has its own inbox', async () => {
    const storage = memoryStorage();
    const markRevoked = vi.fn();
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'sign_in_required', message: 'no' } }), {
          status: 401,
        }),
    );
    const inbox = new InboxState({ session, userId: 'u1', markRevoked }, { storage });
    await inbox.refresh();
    expect(markRevoked).toHaveBeenCalledOnce();
    expect(inbox.offline).toBe(false);

    storage.setItem(
      inboxStorageKey('u2'),
      JSON.stringify({ cursor: 5, seenSeq: 0, events: [event(5)] }),
    );
    inbox.switchUser('u2');
    expect(inbox.unseen).toBe(1);
  });
});

describe('the stored inbox', () => {
  it('reads what it can and drops the rest', () => {
    const storage = memoryStorage({
      [inboxStorageKey('u1')]: JSON.stringify({
        cursor: 'x',
        seenSeq: 3,
        events: [event(4), { seq: 'no' }, { ...event(5), kind: 'unknown.kind' }],
      }),
    });
    expect(readInbox(storage, 'u1')).toEqual({ cursor: null, seenSeq: 3, events: [event(4)] });
    expect(readInbox(memoryStorage({ [inboxStorageKey('u1')]: '{' }), 'u1')).toEqual(EMPTY_INBOX);
  });

  it('takes each event once, and an empty answer changes nothing', () => {
    const once = addAnswer(EMPTY_INBOX, { events: [event(2), event(1)], last: 2, more: false });
    expect(once.events.map((e) => e.seq)).toEqual([1, 2]);
    const twice = addAnswer(once, { events: [event(2)], last: 2, more: false });
    expect(twice).toBe(once);
  });

  it('leads each kind to its page and message', () => {
    expect(inboxTarget(event(1, 'plan.shared'))).toEqual({ page: 'plan', id: 'l1' });
    expect(inboxTarget(event(1, 'lesson.returned'))).toEqual({ page: 'lesson', id: 'l1' });
    expect(inboxTarget(event(1, 'pairing.proposed'))).toEqual({ page: 'pairings' });
    expect(inboxMessageKey('lesson.coAuthor')).toBe('inbox.kinds.lesson_coAuthor');
    for (const kind of INBOX_KINDS) {
      const key = inboxMessageKey(kind).replace('inbox.kinds.', '');
      expect(zhCN.inbox.kinds, kind).toHaveProperty(key);
    }
  });
});
