import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/account/api.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { planIndexKey, readPlanIndex } from '$lib/plans/plan-index.ts';
import { Outbox, type Timers } from '$lib/sync/outbox.svelte.ts';
import type { Registrars } from '$lib/sync/registrars.ts';
import { LessonRegistry } from '$lib/lessons/lesson-registry.svelte.ts';
import { PlanListState } from '$lib/plans/plan-list.svelte.ts';
import { UNREVIEWED } from '$lib/lessons/lesson-index.ts';

/**
 * The plan list and the lesson registry hand what they create to the outbox, and take the
 * server's lists as proof of registration. The drafts are stored in fake-indexeddb.
 */

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'u1',
  name: '周洁',
  branches: [{ branchId: 'b1', name: '考古工地临时党支部', role: 'secretary' }],
};

const account = {
  session,
  userId: 'u1',
  branch: session.branches[0] ?? null,
  markRevoked: () => undefined,
};

const noTimers: Timers = { set: () => 0, clear: () => undefined };

/** The registry calls, recorded; `down` makes each one fail as if offline. */
function registry() {
  const sent: string[] = [];
  const state = { down: false, refuse: null as ApiError | null };
  const answer = (what: string) => {
    sent.push(what);
    if (state.refuse) return Promise.reject(state.refuse);
    return state.down ? Promise.reject(new ApiError('network', 0, 'offline')) : Promise.resolve();
  };
  const registrars: Registrars = {
    plan: (_server, id, p) => answer(`plan ${id} ${p.leadBranchId}+${p.branchIds.join(',')}`),
    lesson: (_server, id, p) => answer(`lesson ${id} ${p.branch} [${p.coAuthors.join(',')}]`),
    meeting: (_server, id, p) => answer(`meeting ${id} ${p.branch} ${p.kind}`),
  };
  return { sent, state, registrars };
}

/** `fetch` for the list endpoints and the co-author PATCH; what was asked is recorded. */
function serverLists(lists: { plans?: unknown[]; lessons?: unknown[] }, asked: string[] = []) {
  vi.stubGlobal('fetch', async (url: URL, init?: RequestInit) => {
    const path = url.pathname;
    // The server keeps what it was told: a co-author change shows in its next list, and the
    // PATCH answers the lesson as changed (the client reads answers with the API's schemas).
    let changed: unknown = {};
    if (init?.method === 'PATCH' && typeof init.body === 'string') {
      const { coAuthors } = JSON.parse(init.body) as { coAuthors: string[] };
      for (const lesson of (lists.lessons ?? []) as { id: string; coAuthorIds: string[] }[]) {
        if (path.endsWith(`/${lesson.id}`)) {
          lesson.coAuthorIds = coAuthors;
          changed = lesson;
        }
      }
    }
    asked.push(
      `${init?.method ?? 'GET'} ${path} ${typeof init?.body === 'string' ? init.body : ''}`,
    );
    const body =
      path === '/api/plans'
        ? { plans: lists.plans ?? [] }
        : path === '/api/pairings'
          ? { pairings: [], proposals: [] }
          : path === '/api/lessons'
            ? { lessons: lists.lessons ?? [] }
            : changed;
    return new Response(JSON.stringify(body), { status: 200 });
  });
  return asked;
}

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PlanListState and the outbox', () => {
  it('drafts a plan offline, lists it as on this device, and registers it when the server answers', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new PlanListState(() => session, 'u1', outbox, { storage });

    const id = await list.create({ month: '2026-11', leadBranchId: 'b1', branchIds: ['b2'] });
    expect(api.sent).toEqual([`plan ${id} b1+b1,b2`]);
    expect(list.item(id)).toMatchObject({ where: 'device', pending: true, refused: null });
    expect(list.pendingCount).toBe(1);
    expect(list.onDeviceOnly(id)).toBe(true);
    // The index keeps the summary only; the registration is the outbox's.
    expect(readPlanIndex(storage, 'u1')).toMatchObject([{ id, month: '2026-11', pending: false }]);

    api.state.down = false;
    await outbox.kick();
    expect(list.item(id)).toMatchObject({ where: 'unknown', pending: false });
    expect(list.pendingCount).toBe(0);
  });

  it('shows a refusal until it is retried, and takes the server list as registration', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.refuse = new ApiError('forbidden', 403, 'b2 is not paired with b1');
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new PlanListState(() => session, 'u1', outbox, { storage });
    const id = await list.create({ month: '2026-11', leadBranchId: 'b1', branchIds: ['b2'] });
    expect(list.item(id)).toMatchObject({ where: 'device', refused: 'b2 is not paired with b1' });
    expect(outbox.phase('plan', id)).toBe('refused');

    // Fixed on the server meanwhile (or the first answer was lost): its list says it has it.
    serverLists({ plans: [{ id, leadBranchId: 'b1', branchIds: ['b2'] }] });
    await list.refresh('2026-11');
    expect(list.source).toBe('server');
    expect(outbox.phase('plan', id)).toBe('registered');
    expect(list.item(id)).toMatchObject({ where: 'server', refused: null });
    expect(storage.data.has(planIndexKey('u1'))).toBe(true);
  });
});

describe('PlanListState and the outbox: the list and the registration crossing', () => {
  it('a plan registered just after the server list was fetched reads as registered, not gone', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new PlanListState(() => session, 'u1', outbox, { storage });
    const id = await list.create({ month: '2026-11', leadBranchId: 'b1', branchIds: ['b2'] });
    // Back online: the list comes back first, still without the plan …
    serverLists({ plans: [] });
    await list.refresh('2026-11');
    expect(list.item(id)).toMatchObject({ where: 'device', gone: false });
    // … then the outbox's registration goes through.
    api.state.down = false;
    await outbox.kick();
    expect(list.item(id)).toMatchObject({ where: 'server', gone: false, pending: false });
    list.dispose();
  });

  it('a plan registered while the server list was on its way reads as registered, not gone', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new PlanListState(() => session, 'u1', outbox, { storage });
    const id = await list.create({ month: '2026-11', leadBranchId: 'b1', branchIds: ['b2'] });
    // Back online: the list is asked for first, and its answer (made before the registration
    // reached the server, so without the plan) arrives after the registration went through.
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal('fetch', (url: URL) =>
      url.pathname === '/api/plans'
        ? new Promise<Response>((resolve) => (answer = resolve))
        : Promise.resolve(
            new Response(JSON.stringify({ pairings: [], proposals: [] }), { status: 200 }),
          ),
    );
    const refreshed = list.refresh('2026-11');
    api.state.down = false;
    await outbox.kick();
    answer(new Response(JSON.stringify({ plans: [] }), { status: 200 }));
    await refreshed;
    expect(list.item(id)).toMatchObject({ where: 'server', gone: false, pending: false });
    // A later list is the server's word again.
    serverLists({ plans: [] });
    await list.refresh('2026-11');
    expect(list.item(id)).toMatchObject({ gone: true });
    list.dispose();
  });
});

describe('PlanListState: branch names', () => {
  it('names every branch of a plan as the server told, offline too, and never by its id', async () => {
    const storage = memoryStorage();
    const api = registry();
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new PlanListState(() => session, 'u1', outbox, { storage });
    vi.stubGlobal('fetch', async (url: URL) =>
      url.pathname === '/api/plans'
        ? new Response(
            JSON.stringify({
              plans: [{ id: 'p1', leadBranchId: 'b9', branchIds: ['b9', 'b1'] }],
              branches: [
                { id: 'b9', name: '外单位党支部' },
                { id: 'b1', name: '考古工地临时党支部' },
              ],
            }),
            { status: 200 },
          )
        : new Response(JSON.stringify({ pairings: [], proposals: [] }), { status: 200 }),
    );
    expect(list.branchName('b9', '另一支部')).toBe('另一支部');
    await list.refresh('2026-11');
    expect(list.branchName('b9', '另一支部')).toBe('外单位党支部');
    list.dispose();
    // A later start, offline: still named.
    const later = new PlanListState(() => session, 'u1', outbox, { storage });
    expect(later.branchName('b9')).toBe('外单位党支部');
    expect(later.branchName('b8', '另一支部')).toBe('另一支部');
    later.dispose();
  });
});

describe('LessonRegistry and the outbox', () => {
  it('registers a draft created here, then sends the co-authors chosen before that', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const lessons = new LessonRegistry(account, outbox, storage);
    const asked = serverLists({});
    const stop = lessons.start();

    const id = await lessons.create(5);
    expect(api.sent).toEqual([`lesson ${id} b1 []`]);
    expect(lessons.onDeviceOnly(id)).toBe(true);
    // Offline: the server has no list to give, and the draft stays.
    lessons.setCoAuthors(id, ['u2']);
    await lessons.sync();
    expect(asked.filter((a) => a.startsWith('PATCH'))).toEqual([]);
    expect(lessons.entry(id)).toMatchObject({ coAuthors: ['u2'], coAuthorsSynced: false });

    // Back online: the server registers it, and lists it from then on (with no co-authors yet).
    api.state.down = false;
    serverLists(
      { lessons: [{ id, authorId: 'u1', branchId: 'b1', coAuthorIds: [], review: UNREVIEWED }] },
      asked,
    );
    await outbox.kick();
    expect(lessons.onDeviceOnly(id)).toBe(false);
    // Registered: the registry heard it from the outbox and sent the co-author change.
    await vi.waitFor(() =>
      expect(asked, asked.join('\n')).toContain(`PATCH /api/lessons/${id} {"coAuthors":["u2"]}`),
    );
    await vi.waitFor(() =>
      expect(lessons.entry(id)).toMatchObject({ coAuthors: ['u2'], coAuthorsSynced: true }),
    );
    stop();
  });

  it('keeps a draft only on this device when the server list lacks it, drops a registered one', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const lessons = new LessonRegistry(account, outbox, storage);
    const mine = await lessons.create(5);
    serverLists({
      lessons: [
        { id: 'theirs', authorId: 'u7', branchId: 'b1', coAuthorIds: ['u1'], review: UNREVIEWED },
      ],
    });
    await lessons.sync();
    expect(lessons.list.map((e) => e.id).sort()).toEqual([mine, 'theirs'].sort());

    // Removed as a co-author: the next list no longer has it, and neither does the device's.
    serverLists({ lessons: [] });
    await lessons.sync();
    expect(lessons.list.map((e) => e.id)).toEqual([mine]);
  });
});
