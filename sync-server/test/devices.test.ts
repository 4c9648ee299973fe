import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { LAST_SEEN_EVERY_MS } from '../src/auth/accounts.ts';
import {
  call,
  connectClient,
  nextClose,
  waitForDoc,
  whenSynced,
  type AuthTestServer,
  type ConfigOverrides,
} from './helpers.ts';
import { castOf, HOME_AND_OTHER, outcome, roleWorld } from './role-world.ts';

/** Issue 14, item 6 ("My account"): the caller's name, devices and second-device sign-in codes. */

const WHO = [
  'organiser',
  'secretary',
  'organisation',
  'committee',
  'member',
  'otherSecretary',
  'otherMember',
  'signedOut',
] as const;
type Who = (typeof WHO)[number];

/** Branch `home` with its secretary, 组织委员, another committee member, a member; `other` likewise. */
async function world(server: ConfigOverrides = {}) {
  const { s, tokens } = await roleWorld(HOME_AND_OTHER, castOf(WHO), {
    server,
    name: (userId) => `名 ${userId}`,
    device: (userId) => `${userId} 的手机`,
  });
  const users: Record<Exclude<Who, 'signedOut'>, string> = {
    organiser: 'org',
    secretary: 'sec',
    organisation: 'zz',
    committee: 'xc',
    member: 'mem',
    otherSecretary: 'so',
    otherMember: 'mo',
  };
  return { s, tokens, users };
}

/** The id of `who`'s only device, as their own device list names it. */
async function deviceIdOf(s: AuthTestServer, token: string | undefined): Promise<string> {
  const { body } = await call(s, 'GET', '/api/me/devices', { token });
  return body.devices[0].id as string;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('every "my account" endpoint × every role: the caller\'s own account only', () => {
  it('each signed-in role reads, renames and signs out only its own devices; signed out gets 401', async () => {
    const { s, tokens, users } = await world();
    for (const who of WHO) {
      const token = tokens[who];
      const list = await call(s, 'GET', '/api/me/devices', { token });
      if (who === 'signedOut') {
        expect(list, who).toMatchObject({
          status: 401,
          body: { error: { code: 'sign_in_required' } },
        });
        for (const [method, path, body] of [
          ['PATCH', '/api/me', { name: 'x' }],
          ['PATCH', '/api/me/devices/d0123456789abcdef', { name: 'x' }],
          ['DELETE', '/api/me/devices/d0123456789abcdef', undefined],
          ['POST', '/api/me/sign-in-codes', undefined],
        ] as const) {
          expect((await call(s, method, path, { body })).status, `${who} ${method} ${path}`).toBe(
            401,
          );
        }
        continue;
      }
      const userId = users[who];
      expect(list, who).toEqual({
        status: 200,
        body: {
          devices: [
            {
              id: expect.stringMatching(/^d[0-9a-f]{16}$/),
              name: `${userId} 的手机`,
              createdAt: expect.any(String),
              lastSeenAt: expect.any(String),
              current: true,
            },
          ],
        },
      });
      // Every other user's device: 404 for renaming and signing out, and it stays signed in.
      for (const otherWho of WHO) {
        if (otherWho === who || otherWho === 'signedOut') continue;
        const otherId = await deviceIdOf(s, tokens[otherWho]);
        const path = `/api/me/devices/${otherId}`;
        expect(
          await call(s, 'PATCH', path, { token, body: { name: '偷改' } }),
          `${who} renames ${otherWho}'s`,
        ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
        expect(
          await call(s, 'DELETE', path, { token }),
          `${who} revokes ${otherWho}'s`,
        ).toMatchObject({
          status: 404,
          body: { error: { code: 'not_found' } },
        });
      }
      const own = list.body.devices[0].id as string;
      expect(
        await call(s, 'PATCH', `/api/me/devices/${own}`, {
          token,
          body: { name: '  我的手机 ' },
        }),
      ).toMatchObject({
        status: 200,
        body: { devices: [{ id: own, name: '我的手机', current: true }] },
      });
      const code = await call(s, 'POST', '/api/me/sign-in-codes', { token });
      expect(code, who).toMatchObject({
        status: 201,
        body: { code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/) },
      });
      const renamed = await call(s, 'PATCH', '/api/me', {
        token,
        body: { name: ` 新名 ${userId} ` },
      });
      expect(renamed, who).toMatchObject({ status: 200, body: { userId, name: `新名 ${userId}` } });
    }
    // Nobody's device was signed out by anybody else.
    for (const who of WHO) {
      if (who === 'signedOut') continue;
      expect((await call(s, 'GET', '/api/me', { token: tokens[who] })).status, who).toBe(200);
    }
  });

  it('refuses bad input with a code: an empty name, a bad device id', async () => {
    const { s, tokens } = await world();
    const token = tokens.member;
    expect(outcome(await call(s, 'PATCH', '/api/me', { token, body: { name: '  ' } }))).toBe(
      '400 invalid_body',
    );
    expect(outcome(await call(s, 'DELETE', '/api/me/devices/no%20such', { token }))).toBe(
      '400 bad_path',
    );
    expect(outcome(await call(s, 'DELETE', '/api/me/devices/d0000000000000000', { token }))).toBe(
      '404 not_found',
    );
  });
});

describe('a new name shows in the branch', () => {
  it("renaming herself changes /api/me and her branch's roster", async () => {
    const { s, tokens } = await world();
    await call(s, 'PATCH', '/api/me', {
      token: tokens.member,
      body: { name: '李秀英' },
    });
    expect((await call(s, 'GET', '/api/me', { token: tokens.member })).body.name).toBe('李秀英');
    const roster = await call(s, 'GET', '/api/branches/home/members', {
      token: tokens.secretary,
    });
    expect(roster.body.members).toContainEqual(
      expect.objectContaining({ userId: 'mem', name: '李秀英' }),
    );
  });
});

describe('second-device sign-in codes', () => {
  it('signs a new device in once; both devices are listed; the code is spent', async () => {
    const { s, tokens } = await world();
    const made = await call(s, 'POST', '/api/me/sign-in-codes', { token: tokens.secretary });
    const expiresIn = Date.parse(made.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    // Typed by hand: lower case, no dash.
    const typed = (made.body.code as string).replace('-', '').toLowerCase();
    const signedIn = await call(s, 'POST', '/api/sign-in', {
      body: { code: typed, deviceName: 'iPad · Safari' },
    });
    expect(signedIn).toMatchObject({
      status: 200,
      body: {
        userId: 'sec',
        name: '名 sec',
        branches: [{ branchId: 'home', name: '第一支部', role: 'secretary' }],
      },
    });
    const second = signedIn.body.token as string;
    expect(second).not.toBe(tokens.secretary);
    expect(await call(s, 'POST', '/api/sign-in', { body: { code: made.body.code } })).toMatchObject(
      { status: 404, body: { error: { code: 'not_found' } } },
    );

    const fromFirst = await call(s, 'GET', '/api/me/devices', { token: tokens.secretary });
    expect(fromFirst.body.devices).toMatchObject([
      { name: 'sec 的手机', current: true },
      { name: 'iPad · Safari', current: false },
    ]);
    const fromSecond = await call(s, 'GET', '/api/me/devices', { token: second });
    expect(fromSecond.body.devices).toMatchObject([
      { name: 'sec 的手机', current: false },
      { name: 'iPad · Safari', current: true },
    ]);
  });

  it('the organiser (no branch) signs in a second device too', async () => {
    const { s, tokens } = await world();
    const { body } = await call(s, 'POST', '/api/me/sign-in-codes', {
      token: tokens.organiser,
    });
    expect(await call(s, 'POST', '/api/sign-in', { body: { code: body.code } })).toMatchObject({
      status: 200,
      body: { userId: 'org', branches: [], organiser: true },
    });
  });

  it('a new code replaces the open one, and a code stops working after ten minutes', async () => {
    const { s, tokens } = await world();
    const first = await call(s, 'POST', '/api/me/sign-in-codes', { token: tokens.member });
    const second = await call(s, 'POST', '/api/me/sign-in-codes', { token: tokens.member });
    expect(
      await call(s, 'POST', '/api/sign-in', { body: { code: first.body.code } }),
    ).toMatchObject({ status: 404 });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 + 1 });
    expect(
      await call(s, 'POST', '/api/sign-in', { body: { code: second.body.code } }),
    ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('guessing codes meets 429 after 30 tries from one address, behind TRUST_PROXY per forwarded address', async () => {
    const { s, tokens } = await world({ trustProxy: true });
    const { body } = await call(s, 'POST', '/api/me/sign-in-codes', { token: tokens.member });
    const guesses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const code = `${String(i).padStart(4, '0')}-ZZZZ`;
      guesses.push(
        (await call(s, 'POST', '/api/sign-in', { body: { code }, from: '10.0.0.1' })).status,
      );
    }
    expect(guesses.slice(0, 30).every((status) => status === 404)).toBe(true);
    expect(guesses[30]).toBe(429);
    // The right code from the guessing address is refused too, before it is even read…
    expect(
      await call(s, 'POST', '/api/sign-in', { body: { code: body.code }, from: '10.0.0.1' }),
    ).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    // …and shares its budget with invites; someone else behind the same proxy still signs in.
    expect(
      (
        await call(s, 'POST', '/api/redeem', {
          body: { code: 'AAAA-BBBB-CCCC' },
          from: '10.0.0.1',
        })
      ).status,
    ).toBe(429);
    expect(
      (await call(s, 'POST', '/api/sign-in', { body: { code: body.code }, from: '10.0.0.2' }))
        .status,
    ).toBe(200);
  });
});

describe('signing a device out', () => {
  it("closes that device's open socket with 4401 while the other device's socket stays open", async () => {
    const { s, tokens } = await world();
    const made = await call(s, 'POST', '/api/me/sign-in-codes', { token: tokens.member });
    const second = (await call(s, 'POST', '/api/sign-in', { body: { code: made.body.code } })).body
      .token as string;
    const first = connectClient(s.wsUrl, 'study:mem', { token: tokens.member ?? '' });
    const other = connectClient(s.wsUrl, 'study:mem', { token: second });
    await Promise.all([whenSynced(first.provider), whenSynced(other.provider)]);
    let firstClosed = 0;
    first.provider.on('connection-close', () => firstClosed++);

    const devices = (await call(s, 'GET', '/api/me/devices', { token: tokens.member })).body
      .devices as { id: string; current: boolean }[];
    const secondId = devices.find((d) => !d.current)!.id;
    const closed = nextClose(other.provider);
    const after = await call(s, 'DELETE', `/api/me/devices/${secondId}`, {
      token: tokens.member,
    });
    expect(after.body.devices).toMatchObject([{ current: true }]);
    await s.server.checkAccessNow();
    expect((await closed).code).toBe(CLOSE.unauthorized);
    expect(await call(s, 'GET', '/api/me', { token: second })).toMatchObject({ status: 401 });

    // The first device's socket was re-checked too, and is still open and syncing.
    expect(firstClosed).toBe(0);
    expect(first.provider.wsconnected).toBe(true);
    first.doc.getMap('entries').set('after', 1);
    await waitForDoc(
      s.server.rooms.open('study:mem').doc,
      (d) => d.getMap('entries').get('after') === 1,
    );
    expect((await call(s, 'GET', '/api/me', { token: tokens.member })).status).toBe(200);
  });

  it('signing out the device asking is signing out here', async () => {
    const { s, tokens } = await world();
    const id = await deviceIdOf(s, tokens.member);
    expect(await call(s, 'DELETE', `/api/me/devices/${id}`, { token: tokens.member })).toEqual({
      status: 200,
      body: { devices: [] },
    });
    expect((await call(s, 'GET', '/api/me', { token: tokens.member })).status).toBe(401);
  });
});

describe("a device's last use", () => {
  it('is written at most every few minutes, by the API and by sockets', async () => {
    const { s, tokens } = await world();
    // The first use since the token was made is written…
    const before = (await call(s, 'GET', '/api/me/devices', { token: tokens.member })).body
      .devices[0].lastSeenAt as string;
    expect(before).not.toBeNull();
    // …the next ones within the interval are not: requests and sockets alike.
    const touch = vi.spyOn(s.auth, 'touchToken');
    for (let i = 0; i < 5; i++) await call(s, 'GET', '/api/me', { token: tokens.member });
    const socket = connectClient(s.wsUrl, 'study:mem', { token: tokens.member ?? '' });
    await whenSynced(socket.provider);
    expect(touch).not.toHaveBeenCalled();

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + LAST_SEEN_EVERY_MS });
    const later = connectClient(s.wsUrl, 'branch:home', { token: tokens.member ?? '' });
    await whenSynced(later.provider);
    expect(touch).toHaveBeenCalledTimes(1);
    await call(s, 'GET', '/api/me', { token: tokens.member });
    expect(touch).toHaveBeenCalledTimes(1);
    const now = (await call(s, 'GET', '/api/me/devices', { token: tokens.member })).body.devices[0]
      .lastSeenAt as string;
    expect(Date.parse(now) - Date.parse(before)).toBeGreaterThanOrEqual(LAST_SEEN_EVERY_MS);
  });
});
