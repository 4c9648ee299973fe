import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/account/api.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { lessonIndexStorageKey, parseLessonIndex } from '$lib/lessons/lesson-index.ts';
import { planIndexKey, readPlanIndex } from '$lib/plans/plan-index.ts';
import { adoptLegacyRegistrations } from '$lib/app/legacy-registrations.ts';
import { Outbox, outboxStorageKey, parseOutbox, type Timers } from './outbox.svelte.ts';
import type { Registrars, ServerAccess } from './registrars.ts';

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'u1',
  name: '王芳',
  branches: [{ branchId: 'b1', name: '第一支部', role: 'secretary' }],
};

/** The signed-in account as the outbox sees it. */
function account(over: Partial<AccountSession> | null = {}) {
  return {
    session: over === null ? null : { ...session, ...over },
    userId: 'u1',
    markRevoked: vi.fn(),
  };
}

/**
 * A fake registry API: answers queued per call, else a network failure while `down`, else
 * success; what was sent is recorded.
 */
function fakeApi() {
  const sent: { kind: string; server: ServerAccess; id: string; payload: unknown }[] = [];
  const answers: (() => Promise<void>)[] = [];
  const answer = () =>
    (answers.shift() ?? (() => (api.down ? Promise.reject(offline()) : Promise.resolve())))();
  const registrars: Registrars = {
    plan: (server, id, payload) => {
      sent.push({ kind: 'plan', server, id, payload });
      return answer();
    },
    lesson: (server, id, payload) => {
      sent.push({ kind: 'lesson', server, id, payload });
      return answer();
    },
    meeting: (server, id, payload) => {
      sent.push({ kind: 'meeting', server, id, payload });
      return answer();
    },
  };
  const api = {
    down: false,
    sent,
    registrars,
    then(next: () => Promise<void>) {
      answers.push(next);
    },
    fail(error: ApiError) {
      answers.push(() => Promise.reject(error));
    },
  };
  return api;
}

/** Timers the test runs by hand: what is scheduled, and after how long. */
function manualTimers() {
  const scheduled: { run: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    set: (run, ms) => {
      const entry = { run, ms, cleared: false };
      scheduled.push(entry);
      return entry;
    },
    clear: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  const pending = () => scheduled.filter((s) => !s.cleared);
  /** Runs the earliest pending timer, as the clock would. */
  const fire = () => {
    const next = pending()[0];
    if (!next) throw new Error('nothing scheduled');
    next.cleared = true;
    next.run();
  };
  return { timers, scheduled, pending, fire };
}

const offline = () => new ApiError('network', 0, 'Failed to fetch');
const plan = { leadBranchId: 'b1', branchIds: ['b1', 'b2'] };

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Outbox', () => {
  it('registers a document created here, says where it is on the way, and forgets it once done', async () => {
    const storage = memoryStorage();
    const api = fakeApi();
    let answer!: () => void;
    api.then(() => new Promise<void>((resolve) => (answer = resolve)));
    const outbox = new Outbox(account(), { storage, registrars: api.registrars });
    const registered: string[] = [];
    outbox.onRegistered((kind, id) => registered.push(`${kind}:${id}`));

    const done = outbox.add('plan', 'p1', plan);
    expect(outbox.phase('plan', 'p1')).toBe('registering');
    expect(outbox.waitingCount()).toBe(1);
    expect(parseOutbox(storage.getItem(outboxStorageKey('u1')))).toHaveLength(1);
    expect(api.sent).toEqual([
      { kind: 'plan', server: { serverUrl: 'http://h', token: 'bb_t' }, id: 'p1', payload: plan },
    ]);
    answer();
    await done;

    expect(outbox.phase('plan', 'p1')).toBe('registered');
    expect(outbox.isOnDeviceOnly('plan', 'p1')).toBe(false);
    expect(outbox.waitingCount()).toBe(0);
    expect(registered).toEqual(['plan:p1']);
    expect(parseOutbox(storage.getItem(outboxStorageKey('u1')))).toEqual([]);
    // Documents it never held (created elsewhere, listed by the server) are registered.
    expect(outbox.phase('lesson', 'someone-elses')).toBe('registered');
  });

  it('keeps a refusal with the server status and its sentence until retried', async () => {
    const api = fakeApi();
    api.fail(new ApiError('forbidden', 403, 'branch b2 is not paired with b1'));
    api.fail(new ApiError('unexpected', 409, 'id taken'));
    const outbox = new Outbox(account(), { storage: memoryStorage(), registrars: api.registrars });

    await outbox.add('plan', 'p1', plan);
    await outbox.add('lesson', 'l1', { branch: 'b1', coAuthors: [] });
    expect(outbox.phase('plan', 'p1')).toBe('refused');
    expect(outbox.refusal('plan', 'p1')).toEqual({
      status: 403,
      key: 'forbidden',
      message: 'branch b2 is not paired with b1',
    });
    expect(outbox.refusal('lesson', 'l1')).toMatchObject({ status: 409, key: 'other' });
    expect(outbox.waitingCount()).toBe(0);
    expect(outbox.refusedCount('plan')).toBe(1);
    expect(outbox.isOnDeviceOnly('plan', 'p1')).toBe(true);

    // A refusal is the server's answer: a reconnect does not send it again, a retry does.
    await outbox.kick();
    expect(api.sent).toHaveLength(2);
    await outbox.retry('plan', 'p1');
    expect(api.sent).toHaveLength(3);
    expect(outbox.phase('plan', 'p1')).toBe('registered');
    expect(outbox.phase('lesson', 'l1')).toBe('refused');
  });

  it('retries after a network failure with backoff, and at once when the device comes online', async () => {
    const api = fakeApi();
    api.down = true;
    const clock = manualTimers();
    const outbox = new Outbox(account(), {
      storage: memoryStorage(),
      registrars: api.registrars,
      timers: clock.timers,
      backoff: { baseMs: 1000, maxMs: 3000 },
    });
    const stop = outbox.start();
    await outbox.add('plan', 'p1', plan);
    expect(outbox.phase('plan', 'p1')).toBe('local');
    expect(outbox.waitingCount('plan')).toBe(1);
    expect(clock.pending().map((t) => t.ms)).toEqual([1000]);

    // The backoff tick: fails again, and waits twice as long.
    clock.fire();
    await vi.waitFor(() => expect(api.sent).toHaveLength(2));
    await vi.waitFor(() => expect(clock.pending().map((t) => t.ms)).toEqual([2000]));

    // Back online: sent now, not at the next tick, and the tick is cancelled.
    api.down = false;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(outbox.phase('plan', 'p1')).toBe('registered'));
    expect(api.sent).toHaveLength(3);
    expect(clock.pending()).toEqual([]);
    stop();
  });

  it('keeps what is waiting on the device: a new instance (a reload) registers it', async () => {
    const storage = memoryStorage();
    const api = fakeApi();
    api.down = true;
    const first = new Outbox(account(), {
      storage,
      registrars: api.registrars,
      timers: manualTimers().timers,
    });
    await first.add('lesson', 'l1', { branch: 'b1', coAuthors: ['u2'] });
    expect(first.phase('lesson', 'l1')).toBe('local');

    api.down = false;
    const second = new Outbox(account(), { storage, registrars: api.registrars });
    expect(second.phase('lesson', 'l1')).toBe('local');
    expect(second.waitingCount('lesson')).toBe(1);
    second.start()();
    await second.kick();
    expect(second.phase('lesson', 'l1')).toBe('registered');
    expect(api.sent.at(-1)).toMatchObject({
      id: 'l1',
      payload: { branch: 'b1', coAuthors: ['u2'] },
    });
  });

  it('sends nothing signed out, and marks the account revoked on 401 without losing the draft', async () => {
    const api = fakeApi();
    const storage = memoryStorage();
    const signedOut = new Outbox(account(null), { storage, registrars: api.registrars });
    await signedOut.add('plan', 'p1', plan);
    expect(api.sent).toEqual([]);
    expect(signedOut.phase('plan', 'p1')).toBe('local');

    api.fail(new ApiError('unauthorized', 401, 'token revoked'));
    const revoked = account();
    const outbox = new Outbox(revoked, { storage, registrars: api.registrars });
    await outbox.kick();
    expect(revoked.markRevoked).toHaveBeenCalledOnce();
    expect(outbox.phase('plan', 'p1')).toBe('local');
  });

  it('drops what the server lists (its answer was lost), keeping the rest', async () => {
    const api = fakeApi();
    api.down = true;
    const outbox = new Outbox(account(), {
      storage: memoryStorage(),
      registrars: api.registrars,
      timers: manualTimers().timers,
    });
    await outbox.add('plan', 'p1', plan);
    await outbox.add('plan', 'p2', plan);
    outbox.confirm('plan', ['p1', 'other']);
    expect(outbox.records('plan').map((r) => r.id)).toEqual(['p2']);
  });

  it("keeps another tab's registrations when it saves", async () => {
    const storage = memoryStorage();
    const api = fakeApi();
    const timers = manualTimers().timers;
    const a = new Outbox(account(), { storage, registrars: api.registrars, timers });
    const b = new Outbox(account(), { storage, registrars: api.registrars, timers });
    api.down = true;
    await a.add('plan', 'p1', plan);
    await b.add('plan', 'p2', plan);
    expect(parseOutbox(storage.getItem(outboxStorageKey('u1'))).map((r) => r.id)).toEqual([
      'p1',
      'p2',
    ]);
    // A registration one tab finished is not brought back by the other's older copy.
    api.down = false;
    await a.kick();
    expect(a.records('plan').map((r) => r.id)).toEqual(['p2']);
    api.down = true;
    await b.add('lesson', 'l1', { branch: 'b1', coAuthors: [] });
    expect(parseOutbox(storage.getItem(outboxStorageKey('u1'))).map((r) => r.id)).toEqual([
      'p2',
      'l1',
    ]);
  });

  it('adopts registrations an older app kept in its lists, once', () => {
    const storage = memoryStorage({
      [planIndexKey('u1')]: JSON.stringify([
        { id: 'p1', leadBranchId: 'b1', branchIds: ['b1', 'b2'], pending: true, refused: 'x' },
        { id: 'p2', leadBranchId: 'b1', branchIds: ['b1'], pending: false, refused: null },
      ]),
      [lessonIndexStorageKey('u1')]: JSON.stringify([
        { id: 'l1', branchId: 'b1', authorId: 'u1', registered: false, coAuthors: ['u2'] },
        { id: 'l2', branchId: 'b1', authorId: 'u1', registered: true, coAuthors: [] },
        { id: 'l3', branchId: 'b1', authorId: 'u7', registered: false, coAuthors: [] },
      ]),
    });
    const outbox = new Outbox(account(), {
      storage,
      registrars: fakeApi().registrars,
      adopt: adoptLegacyRegistrations,
    });
    expect(outbox.records('plan').map((r) => [r.id, r.payload])).toEqual([
      ['p1', { leadBranchId: 'b1', branchIds: ['b1', 'b2'] }],
    ]);
    expect(outbox.records('lesson').map((r) => [r.id, r.payload])).toEqual([
      ['l1', { branch: 'b1', coAuthors: ['u2'] }],
    ]);
    // The lists no longer say it; the drafts themselves stay listed.
    expect(readPlanIndex(storage, 'u1').map((p) => [p.id, p.pending])).toEqual([
      ['p1', false],
      ['p2', false],
    ]);
    expect(parseLessonIndex(storage.getItem(lessonIndexStorageKey('u1')))).toHaveLength(3);
    expect(storage.getItem(lessonIndexStorageKey('u1'))).not.toContain('registered');
    expect(adoptLegacyRegistrations(storage, 'u1')).toEqual([]);
  });
});
