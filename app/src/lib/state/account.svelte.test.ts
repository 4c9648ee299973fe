import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_STORAGE_KEY, parseSession } from '$lib/auth/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY } from '$lib/device/user-id.ts';
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
    const account = new AccountState(storage);
    expect(account.signedIn).toBe(false);
    expect(account.userId).toBe('device1');
    expect(account.role).toBe('member');
  });

  it('signs in with a token and keeps the session on the device', async () => {
    vi.stubGlobal('fetch', async () => answer(200, me));
    const storage = memoryStorage();
    const account = new AccountState(storage);
    await account.signIn({ serverUrl: 'http://127.0.0.1:8787/', credential: 'bb_abc', name: '' });
    expect(account.userId).toBe('u1');
    expect(account.branch?.name).toBe('考古所第一党支部');
    expect(parseSession(storage.data.get(SESSION_STORAGE_KEY) ?? null)).toMatchObject({
      serverUrl: 'http://127.0.0.1:8787',
      token: 'bb_abc',
      userId: 'u1',
    });
    // A new load of the app finds it.
    expect(new AccountState(storage).userId).toBe('u1');
  });

  it('asks a new member redeeming an invite for their name', async () => {
    vi.stubGlobal('fetch', async () => answer(400, { error: 'a name is needed' }));
    const account = new AccountState(memoryStorage());
    await expect(
      account.signIn({ serverUrl: 'http://h', credential: '7KQ4-M2XD-9HTR', name: ' ' }),
    ).rejects.toMatchObject({ failure: 'name-needed' });
  });

  it('refuses what is neither a token nor an invite code, and a bad address', async () => {
    const account = new AccountState(memoryStorage());
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
    const account = new AccountState(storage);
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
    const account = new AccountState(storage);
    await account.refresh();
    expect(account.revoked).toBe(true);
    expect(parseSession(storage.data.get(SESSION_STORAGE_KEY) ?? null)?.revoked).toBe(true);
  });

  it('keeps the stored session when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const storage = memoryStorage({
      [SESSION_STORAGE_KEY]: storedSession(),
    });
    const account = new AccountState(storage);
    await account.refresh();
    expect(account.revoked).toBe(false);
    expect(account.userId).toBe('u1');
  });
});

describe('AccountState.signOut', () => {
  it("clears the account's lists and session from the device but keeps the language", async () => {
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
    const account = new AccountState(storage);
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
    const account = new AccountState(storage);
    expect(account.branch?.branchId).toBe('home');
    expect(account.isCommittee).toBe(false);
    expect(account.chooseBranch('dig')).toBe(true);
    expect(account.branch?.branchId).toBe('dig');
    expect(account.isCommittee).toBe(true);
    // The same device, the app opened again.
    expect(new AccountState(storage).branch?.branchId).toBe('dig');
  });

  it('refuses a branch the account is not a member of, and forgets the choice at sign-out', async () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: twoBranches });
    const account = new AccountState(storage);
    expect(account.chooseBranch('elsewhere')).toBe(false);
    expect(account.branch?.branchId).toBe('home');
    account.chooseBranch('dig');
    await account.signOut();
    expect(storage.data.has('branchbook.branch.u1')).toBe(false);
  });
});
