import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountState } from '$lib/account/account.svelte.ts';
import { SESSION_STORAGE_KEY } from '$lib/account/session.ts';
import { readCachedRoster } from '$lib/account/roster-cache.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { RosterState } from './roster.svelte.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

const noHoldings = () => ({ docsToCheck: [], devicePlans: 0, deviceLessons: 0, keys: [] });

function signedIn() {
  const storage = memoryStorage({
    [SESSION_STORAGE_KEY]: JSON.stringify({
      serverUrl: 'http://h',
      token: 'bb_x',
      userId: 'sec',
      name: '李书记',
      branches: [{ branchId: 'b1', name: '第一支部', role: 'secretary' }],
    }),
  });
  return { storage, account: new AccountState(noHoldings, storage) };
}

const roster = {
  branchId: 'b1',
  members: [
    { userId: 'z2', name: '张晓红', role: 'member', joinedAt: '2026-12-02T04:00:00Z', devices: 1 },
    { userId: 'sec', name: '李书记', role: 'secretary', devices: 1 },
    { userId: 'z1', name: '张晓红', role: 'member', joinedAt: '2026-11-02T04:00:00Z', devices: 2 },
  ],
  removed: [],
};
const groups = { branchId: 'b1', groups: [{ id: 'g1', name: '第一党小组', leaderId: 'z1' }] };

/** Answers by method and path: the roster, the groups, or `refusal` for a change. */
function serve(refusal?: { status: number; code: string }) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL, init: RequestInit) => {
      if (init.method !== 'GET' && refusal)
        return new Response(JSON.stringify({ error: { code: refusal.code, message: 'no' } }), {
          status: refusal.status,
        });
      const body = url.pathname.endsWith('/groups') ? groups : roster;
      return new Response(JSON.stringify(body), { status: 200 });
    }),
  );
}

describe('RosterState', () => {
  it('loads the roster and groups, keeps them on the device, and names the shared names', async () => {
    const { storage, account } = signedIn();
    serve();
    const state = new RosterState(account, 'b1', storage);
    await state.load();
    expect(state.status).toBe('ready');
    expect(state.members.map((m) => m.userId)).toEqual(['sec', 'z1', 'z2']);
    expect(state.sharedNames).toEqual(['张晓红']);
    expect(state.groupOf('g1')?.name).toBe('第一党小组');
    expect(state.nameOf('z1')).toBe('张晓红');
    // Offline next time: the device's copy reads the same.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    const offline = new RosterState(account, 'b1', storage);
    await offline.load();
    expect(offline.status).toBe('offline');
    expect(offline.members).toHaveLength(3);
    expect(offline.groups).toHaveLength(1);
    expect(readCachedRoster(storage, 'b1')).toHaveLength(3);
  });

  it('says why a change did not go through: offline, the last secretary, a taken name', async () => {
    const { storage, account } = signedIn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    const state = new RosterState(account, 'b1', storage);
    expect(await state.changeMember('z1', { name: '张晓红（档案室）' })).toBe(false);
    expect(state.failureOn('member:z1')).toBe('offline');
    expect(state.failureOn('member:z2')).toBeNull();
    serve({ status: 409, code: 'last_secretary' });
    expect(await state.changeMember('sec', { role: 'member' })).toBe(false);
    expect(state.failureOn('member:sec')).toBe('last-secretary');
    serve({ status: 409, code: 'conflict' });
    expect(await state.createGroup('第一党小组')).toBe(false);
    expect(state.failureOn('group:new')).toBe('name-taken');
    serve();
    expect(await state.removeMember('z2')).toBe(true);
    expect(state.failure).toBeNull();
    expect(state.busy).toBeNull();
  });
});
