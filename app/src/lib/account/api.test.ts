import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, failureOfStatus, fetchMe, fetchMembers, redeemInvite } from './api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Answers every call with `body` and `status`, and records the calls. */
function serve(body: unknown, status = 200) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  return () => fetchMock.mock.calls.map((call) => call as unknown as [URL, RequestInit]);
}

describe('answers, read with the protocol schemas', () => {
  it('reads a redeemed invite, and refuses one that is off-contract', async () => {
    serve({ token: 'bb_x', userId: 'u1', name: '', branchId: 'b1', role: 'member' });
    expect(await redeemInvite('http://h', 'C', '李红')).toEqual({
      token: 'bb_x',
      userId: 'u1',
      name: 'u1',
      branchId: 'b1',
      role: 'member',
    });
    serve({ token: 'bb_x', userId: 'u1', name: 'n', branchId: 'b1', role: 'x' });
    const failure = await redeemInvite('http://h', 'C', undefined).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ failure: 'server', code: null });
    expect((failure as ApiError).message).toContain('role');
  });

  it('reads who a token signs in, names falling back to ids', async () => {
    serve({
      userId: 'u1',
      name: '李红',
      branches: [
        { branchId: 'b1', name: '第一支部', role: 'committee', duty: 'discipline' },
        { branchId: 'b2', name: '', role: 'member' },
      ],
    });
    expect(await fetchMe('http://h', 'bb_x')).toEqual({
      userId: 'u1',
      name: '李红',
      branches: [
        { branchId: 'b1', name: '第一支部', role: 'committee', duty: 'discipline' },
        { branchId: 'b2', name: 'b2', role: 'member' },
      ],
      organiser: false,
    });
    // The institution's organiser (机关党委) is told apart; no branches needed.
    serve({ userId: 'o1', name: '周敏', branches: [], organiser: true });
    expect(await fetchMe('http://h', 'bb_x')).toEqual({
      userId: 'o1',
      name: '周敏',
      branches: [],
      organiser: true,
    });
    serve({ name: 'x' });
    await expect(fetchMe('http://h', 'bb_x')).rejects.toMatchObject({ failure: 'server' });
  });

  it('reads the roster, with roles only where sent; the branch id goes in the path', async () => {
    const calls = serve({
      branchId: 'b 1',
      members: [
        { userId: 'u1', name: '李红', role: 'member', duty: 'discipline' },
        { userId: 'u2', name: '' },
      ],
    });
    await expect(fetchMembers('http://h', 'bb_x', 'b 1')).rejects.toMatchObject({
      failure: 'server',
    });
    expect(String(calls()[0]?.[0])).toBe('http://h/api/branches/b%201/members');
    serve({
      branchId: 'b1',
      members: [
        { userId: 'u1', name: '李红', role: 'member' },
        { userId: 'u2', name: '' },
      ],
    });
    expect(await fetchMembers('http://h', 'bb_x', 'b1')).toEqual([
      { userId: 'u1', name: '李红', role: 'member' },
      { userId: 'u2', name: 'u2' },
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
  it('sends the invite code and name, and reports the refusal with its code', async () => {
    const calls = serve({ error: { code: 'invalid_request', message: 'a name is needed' } }, 400);
    const failure = await redeemInvite('http://h', '7KQ4-M2XD-9HTR', undefined).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      failure: 'bad-request',
      status: 400,
      code: 'invalid_request',
      message: 'a name is needed',
    });
    const [url, init] = calls()[0]!;
    expect(String(url)).toBe('http://h/api/redeem');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(JSON.stringify({ code: '7KQ4-M2XD-9HTR' }));
  });

  it('describes a refusal that is not the API’s (a proxy’s page) by its status', async () => {
    vi.stubGlobal('fetch', async () => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    await expect(fetchMe('http://h', 'bb_x')).rejects.toMatchObject({
      failure: 'server',
      status: 502,
      code: null,
    });
  });

  it('sends the token as a bearer header, never in the URL', async () => {
    const calls = serve({ userId: 'u1', name: 'n', branches: [] });
    await fetchMe('http://h', 'bb_secret');
    const [url, init] = calls()[0]!;
    expect(String(url)).toBe('http://h/api/me');
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer bb_secret');
  });

  it('calls a network failure a network failure', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchMe('http://h', 'bb_x')).rejects.toMatchObject({ failure: 'network' });
  });
});
