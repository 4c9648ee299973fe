import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { Outbox, type Timers } from '$lib/sync/outbox.svelte.ts';
import { PlanListState } from './plan-list.svelte.ts';
import { PairingBoard } from './pairing-board.svelte.ts';
import { readCachedPairingsAnswer } from './pairings.ts';

/**
 * The pairings screen's actions against a stubbed server: each answer replaces the list's
 * pairings and proposals and is kept on the device; a failure says why in one word.
 */

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'u1',
  name: '李书记',
  branches: [{ branchId: 'office', name: '办公室党支部', role: 'secretary' }],
};
const noTimers: Timers = { set: () => 0, clear: () => undefined };

const office = { id: 'office', name: '办公室党支部' };
const museum = { id: 'museum', name: '博物馆党支部' };
const waiting = {
  pairings: [],
  proposals: [
    {
      id: 'p1',
      from: office,
      proposedBy: '李书记',
      proposedAt: '2026-12-02T08:00:00.000Z',
      accepted: [office],
      invited: [museum],
    },
  ],
};
const paired = {
  pairings: [{ id: 'p1', branches: [office, museum], month: '2026-12', lead: 'office', leads: {} }],
  proposals: [],
};

function setUp(answer: (path: string, init?: RequestInit) => Response | Promise<Response>) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: URL, init?: RequestInit) => {
    asked.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search} ${String(init?.body ?? '')}`);
    return answer(url.pathname, init);
  });
  const storage = memoryStorage();
  const outbox = new Outbox(
    { session, userId: 'u1', markRevoked: () => undefined },
    {
      storage,
      registrars: {
        plan: () => Promise.resolve(),
        lesson: () => Promise.resolve(),
        meeting: () => Promise.resolve(),
      },
      timers: noTimers,
    },
  );
  const list = new PlanListState(() => session, 'u1', outbox, { storage });
  const board = new PairingBoard(list, () => session, '2026-12');
  return { asked, storage, list, board };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const refusal = (status: number, code: string) => json({ error: { code, message: code } }, status);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PairingBoard', () => {
  it('finds branches, proposes, and keeps the answer on the device', async () => {
    const t = setUp((path) =>
      path === '/api/pairings/directory'
        ? json({ branches: [museum] })
        : path === '/api/pairings'
          ? json(waiting, 201)
          : json({}),
    );
    expect(await t.board.search(' 博物馆 ')).toBe(true);
    expect(t.board.found).toEqual([museum]);
    expect(await t.board.propose('office', 'museum')).toBe(true);
    expect(t.asked).toEqual([
      `GET /api/pairings/directory?name=${encodeURIComponent('博物馆')} `,
      'POST /api/pairings {"branches":["office","museum"]}',
    ]);
    expect(t.list.proposals.map((p) => p.id)).toEqual(['p1']);
    expect(readCachedPairingsAnswer(t.storage, 'u1')?.proposals.map((p) => p.id)).toEqual(['p1']);
  });

  it('says "offline" when the server cannot be reached, and changes nothing', async () => {
    const t = setUp(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await t.board.answer('p1', 'office', true)).toBe(false);
    expect(t.board.failure).toEqual({ action: 'answer:p1', kind: 'offline' });
    expect(t.board.busy).toBeNull();
    expect(t.list.proposals).toEqual([]);
  });

  it('answered elsewhere meanwhile: says so and shows the server’s list now', async () => {
    const t = setUp((path) =>
      path.endsWith('/answer')
        ? refusal(409, 'conflict')
        : path === '/api/plans'
          ? json({ plans: [] })
          : json(paired),
    );
    expect(await t.board.answer('p1', 'office', true)).toBe(false);
    expect(t.board.failure?.kind).toBe('conflict');
    expect(t.list.pairings.map((p) => p.id)).toEqual(['p1']);
  });

  it('a month’s lead: only that pairing’s chosen leads change', async () => {
    const t = setUp((path) =>
      path === '/api/pairings/p1/leads/2027-01'
        ? json({
            ...paired.pairings[0],
            month: '2027-01',
            lead: 'museum',
            leads: { '2027-01': 'museum' },
          })
        : json(paired),
    );
    t.list.takePairings({
      pairings: [{ id: 'p1', branches: [office, museum], leads: {} }],
      proposals: [],
    });
    expect(await t.board.chooseLead('p1', '2027-01', 'museum')).toBe(true);
    expect(t.list.pairings[0]?.leads).toEqual({ '2027-01': 'museum' });
    expect(readCachedPairingsAnswer(t.storage, 'u1')?.pairings[0]?.leads).toEqual({
      '2027-01': 'museum',
    });
  });

  it('refuses to act with a not-secretary answer as "forbidden"', async () => {
    const t = setUp(() => refusal(403, 'not_secretary'));
    expect(await t.board.end('p1')).toBe(false);
    expect(t.board.failure).toEqual({ action: 'end:p1', kind: 'forbidden' });
  });
});
