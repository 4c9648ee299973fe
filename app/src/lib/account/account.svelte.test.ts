import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_STORAGE_KEY, parseSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY } from '$lib/device/user-id.ts';
import { deviceHoldings } from '$lib/app/device-holdings.ts';
import { ApiError } from '$lib/api/client.ts';
import { AccountState, SignInError } from './account.svelte.ts';

const me = {
  userId: 'u1',
  name: '王芳',
  branches: [{ branchId: 'b1', name: '考古所第一党支部', role: 'member' }],
};

/** A session as the app stores it, for account u1 unless `patch` says otherwise. */
function storedSession(patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    serverUrl: 'http://h',
    token: 'bb_old',
    userId: 'u1',
    name: '王芳',
    branches: [],
    ...patch,
  });
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('AccountState', () => {
  it('is a device user until signed in', () => {
    const storage = memoryStorage({ [USER_ID_STORAGE_KEY]: 'device1' });
    const account = new AccountState(deviceHoldings, storage);
    expect(account.signedIn).toBe(false);
    expect(account.userId).toBe('device1');
    expect(account.role).toBe('member');
  });

  it('signs in with a token and keeps the session on the device', async () => {
    vi.stubGlobal('fetch', async () => answer(200, me));
    const storage = memoryStorage();
    const account = new AccountState(deviceHoldings, storage);
    await account.signIn({ serverUrl: 'http://127.0.0.1:8787/', credential: 'bb_abc', name: '' });
    expect(account.userId).toBe('u1');
    expect(account.branch?.name).toBe('考古所第一党支部');
    expect(parseSession(storage.data.get(SESSION_STORAGE_KEY) ?? null)).toMatchObject({
      serverUrl: 'http://127.0.0.1:8787',
      token: 'bb_abc',
      userId: 'u1',
    });
    // A new load of the app finds it.
    expect(new AccountState(deviceHoldings, storage).userId).toBe('u1');
  });

  it("signs in with another device's sign-in code, naming this device, as after an invite", async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      if (url.pathname === '/api/sign-in') {
        sent.push(JSON.parse(String(init.body)));
        return answer(200, { ...me, token: 'bb_new' });
      }
      return answer(200, me);
    });
    const storage = memoryStorage();
    const account = new AccountState(deviceHoldings, storage);
    await account.signIn({
      serverUrl: 'http://h',
      credential: '7kq4 m2xd',
      name: '',
      deviceName: 'iPad · Safari',
    });
    expect(sent).toEqual([{ code: '7kq4 m2xd', deviceName: 'iPad · Safari' }]);
    expect(parseSession(storage.data.get(SESSION_STORAGE_KEY) ?? null)).toMatchObject({
      token: 'bb_new',
      userId: 'u1',
      name: '王芳',
    });
  });

  it('asks a new member redeeming an invite for their name', async () => {
    vi.stubGlobal('fetch', async () => answer(400, { error: 'a name is needed' }));
    const account = new AccountState(deviceHoldings, memoryStorage());
    await expect(
      account.signIn({ serverUrl: 'http://h', credential: '7KQ4-M2XD-9HTR', name: ' ' }),
    ).rejects.toMatchObject({ failure: 'name-needed' });
  });

  it('refuses what is neither a token nor an invite code, and a bad address', async () => {
    const account = new AccountState(deviceHoldings, memoryStorage());
    await expect(
      account.signIn({ serverUrl: 'http://h', credential: 'hello', name: '' }),
    ).rejects.toBeInstanceOf(SignInError);
    await expect(
      account.signIn({ serverUrl: 'ftp://h', credential: 'bb_x', name: '' }),
    ).rejects.toMatchObject({ failure: 'bad-server' });
  });

  it('signs in again only as the same person', async () => {
    vi.stubGlobal('fetch', async () => answer(200, { ...me, userId: 'u2' }));
    const storage = memoryStorage({
      [SESSION_STORAGE_KEY]: storedSession({ revoked: true }),
    });
    const account = new AccountState(deviceHoldings, storage);
    await expect(
      account.signIn({ serverUrl: 'http://h', credential: 'bb_new', name: '' }),
    ).rejects.toMatchObject({ failure: 'other-account' });
    expect(account.session?.token).toBe('bb_old');
  });

  it('marks the session revoked when the server no longer accepts the token', async () => {
    vi.stubGlobal('fetch', async () => answer(401, { error: 'sign in required' }));
    const storage = memoryStorage({
      [SESSION_STORAGE_KEY]: storedSession(),
    });
    const account = new AccountState(deviceHoldings, storage);
    await account.refresh();
    expect(account.revoked).toBe(true);
    expect(parseSession(storage.data.get(SESSION_STORAGE_KEY) ?? null)?.revoked).toBe(true);
  });

  it('keeps the stored session when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const storage = memoryStorage({
      [SESSION_STORAGE_KEY]: storedSession(),
    });
    const account = new AccountState(deviceHoldings, storage);
    await account.refresh();
    expect(account.revoked).toBe(false);
    expect(account.userId).toBe('u1');
  });
});

describe('AccountState.ask', () => {
  it('asks with the sign-in, answers null without one, and marks a refused token revoked', async () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: storedSession() });
    const account = new AccountState(deviceHoldings, storage);
    const tokens: string[] = [];
    expect(await account.ask(async (s) => (tokens.push(s.token), { ok: true }))).toEqual({
      ok: true,
    });
    expect(tokens).toEqual(['bb_old']);
    // A 401 is thrown on, and the session is revoked: nothing is asked any more.
    await expect(
      account.ask(() => Promise.reject(new ApiError('unauthorized', 401, 'no'))),
    ).rejects.toThrow('no');
    expect(account.revoked).toBe(true);
    expect(await account.ask(async () => ({ ok: true }))).toBeNull();
    expect(
      await new AccountState(deviceHoldings, memoryStorage()).ask(async () => ({})),
    ).toBeNull();
  });
});

describe('AccountState.signOut', () => {
  it('tells the server to forget this device (its own token), then is signed out', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      calls.push(
        `${init.method} ${url.pathname} ${new Headers(init.headers).get('authorization')}`,
      );
      const devices = [
        { id: 'dother', name: 'iPad', createdAt: '', lastSeenAt: null, current: false },
        { id: 'dhere', name: 'Android', createdAt: '', lastSeenAt: null, current: true },
      ];
      return answer(200, { devices: init.method === 'GET' ? devices : [devices[0]] });
    });
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: storedSession() });
    const account = new AccountState(deviceHoldings, storage);
    await account.signOut();
    expect(calls).toEqual([
      'GET /api/me/devices Bearer bb_old',
      'DELETE /api/me/devices/dhere Bearer bb_old',
    ]);
    expect(account.signedIn).toBe(false);
  });

  it('signs out offline all the same', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: storedSession() });
    const account = new AccountState(deviceHoldings, storage);
    await account.signOut();
    expect(account.signedIn).toBe(false);
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it("clears the account's lists and session from the device but keeps the language", async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const storage = memoryStorage({
      [SESSION_STORAGE_KEY]: storedSession({
        branches: [{ branchId: 'b1', name: '第一支部', role: 'member' }],
      }),
      'branchbook.plans.u1': '[]',
      'branchbook.pairings.u1': '{"pairings":[]}',
      'branchbook.lessons.u1': '[]',
      'branchbook.roster.b1': '{}',
      'branchbook.entryDefaults': '{}',
      'branchbook.locale': 'en',
    });
    const account = new AccountState(deviceHoldings, storage);
    await account.signOut();
    expect(account.signedIn).toBe(false);
    expect([...storage.data.keys()]).toEqual(['branchbook.locale']);
  });
});

describe('AccountState.chooseBranch', () => {
  const twoBranches = storedSession({
    branches: [
      { branchId: 'home', name: '考古所第一党支部', role: 'member' },
      { branchId: 'dig', name: '考古工地临时党支部', role: 'secretary' },
    ],
  });

  it('works in the first branch until another is chosen, and remembers the choice', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: twoBranches });
    const account = new AccountState(deviceHoldings, storage);
    expect(account.branch?.branchId).toBe('home');
    expect(account.isCommittee).toBe(false);
    expect(account.chooseBranch('dig')).toBe(true);
    expect(account.branch?.branchId).toBe('dig');
    expect(account.isCommittee).toBe(true);
    // The same device, the app opened again.
    expect(new AccountState(deviceHoldings, storage).branch?.branchId).toBe('dig');
  });

  it('refuses a branch the account is not a member of, and forgets the choice at sign-out', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: twoBranches });
    const account = new AccountState(deviceHoldings, storage);
    expect(account.chooseBranch('elsewhere')).toBe(false);
    expect(account.branch?.branchId).toBe('home');
    account.chooseBranch('dig');
    await account.signOut();
    expect(storage.data.has('branchbook.branch.u1')).toBe(false);
  });
});
