import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  failureOfStatus,
  fetchMe,
  parseMe,
  parseMembers,
  parseRedeemed,
  redeemInvite,
} from './api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('response parsing', () => {
  it('reads a redeemed invite', () => {
    expect(
      parseRedeemed({ token: 'bb_x', userId: 'u1', name: '李红', branchId: 'b1', role: 'member' }),
    ).toEqual({ token: 'bb_x', userId: 'u1', name: '李红', branchId: 'b1', role: 'member' });
    expect(() => parseRedeemed({ token: 'bb_x', userId: 'u1', branchId: 'b1', role: 'x' })).toThrow(
      ApiError,
    );
  });

  it('reads who a token signs in', () => {
    expect(
      parseMe({
        userId: 'u1',
        name: '李红',
        branches: [{ branchId: 'b1', name: '第一支部', role: 'committee' }],
      }),
    ).toEqual({
      userId: 'u1',
      name: '李红',
      branches: [{ branchId: 'b1', name: '第一支部', role: 'committee' }],
    });
    expect(() => parseMe({ name: 'x' })).toThrow(ApiError);
  });

  it('reads the roster, skipping rows it cannot use', () => {
    expect(
      parseMembers({
        branchId: 'b1',
        members: [
          { userId: 'u1', name: '李红', role: 'member' },
          { userId: 'bad id', name: 'x', role: 'member' },
          { userId: 'u2', role: 'secretary' },
        ],
      }),
    ).toEqual([
      { userId: 'u1', name: '李红', role: 'member' },
      { userId: 'u2', name: 'u2', role: 'secretary' },
    ]);
  });

  it('maps statuses to failures', () => {
    expect(failureOfStatus(400)).toBe('bad-request');
    expect(failureOfStatus(401)).toBe('unauthorized');
    expect(failureOfStatus(404)).toBe('not-found');
    expect(failureOfStatus(429)).toBe('rate-limited');
    expect(failureOfStatus(502)).toBe('server');
  });
});

describe('calls', () => {
  it('sends the invite code and name, and reports the server error', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ error: 'a name is needed' }), { status: 400 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const failure = await redeemInvite('http://h', '7KQ4-M2XD-9HTR', undefined).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ failure: 'bad-request', message: 'a name is needed' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [URL, RequestInit];
    expect(String(url)).toBe('http://h/api/redeem');
    expect(init.body).toBe(JSON.stringify({ code: '7KQ4-M2XD-9HTR' }));
  });

  it('sends the token as a bearer header, never in the URL', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ userId: 'u1', name: 'n', branches: [] })),
    );
    vi.stubGlobal('fetch', fetchMock);
    await fetchMe('http://h', 'bb_secret');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [URL, RequestInit];
    expect(String(url)).toBe('http://h/api/me');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer bb_secret');
  });

  it('calls a network failure a network failure', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchMe('http://h', 'bb_x')).rejects.toMatchObject({ failure: 'network' });
  });
});
