import { describe, expect, it, onTestFinished } from 'vitest';
import { assembleServer } from '../src/assemble.ts';
import { createLogger } from '../src/log.ts';
import { call, startAuthServer, testConfig, tempDir } from './helpers.ts';
import { castOf, HOME_AND_OTHER, outcome, outcomes, roleWorld } from './role-world.ts';

/** Issue 14, items 1 and 2: the institution's setup, its organiser, and invites from the app. */

const WHO = [
  'organiser',
  'secretary',
  'organisation',
  'committee',
  'member',
  'otherMember',
  'signedOut',
] as const;
type Who = (typeof WHO)[number];

/** Branch `home` with its secretary, 组织委员, another committee member and a member; `other` with a member. */
const world = () => roleWorld(HOME_AND_OTHER, castOf(WHO));

describe('setup: the institution and its organiser, once', () => {
  it('a setup code makes the organiser, signed in; it works once, and a new one replaces it', async () => {
    const s = await startAuthServer();
    const old = await s.accounts.newSetupCode();
    const code = await s.accounts.newSetupCode();
    const setup = { institution: '市文物局机关党委', name: '周敏' };
    expect(outcome(await call(s, 'POST', '/api/setup', { body: { code: old, ...setup } }))).toBe(
      '404 not_found',
    );
    // Names are required: a refused request does not use the code up.
    expect(
      await call(s, 'POST', '/api/setup', {
        body: { code, institution: ' ', name: '周敏' },
      }),
    ).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    const done = await call(s, 'POST', '/api/setup', { body: { code, ...setup } });
    expect(done).toMatchObject({
      status: 200,
      body: { name: '周敏', institution: '市文物局机关党委' },
    });
    const token = done.body.token as string;
    expect(await call(s, 'GET', '/api/me', { token })).toMatchObject({
      status: 200,
      body: { name: '周敏', branches: [], organiser: true },
    });
    expect(await call(s, 'GET', '/api/institution', { token })).toEqual({
      status: 200,
      body: { name: '市文物局机关党委', branches: [] },
    });
    // Second use: the code is gone.
    expect(outcome(await call(s, 'POST', '/api/setup', { body: { code, ...setup } }))).toBe(
      '404 not_found',
    );
    // The organiser opens no document: no branch's log, draft or settings.
    expect(await s.auth.membershipsOfUser(done.body.userId as string)).toEqual([]);
  });

  it('logs the setup link in one line on a first start, a new one on a restart before use, none after; the code nowhere else', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    const sink = { write: (line: string) => void lines.push(line) };
    const start = async () => {
      const running = await assembleServer(
        testConfig({ dataDir, logLevel: 'trace' }),
        createLogger('trace', sink),
      );
      onTestFinished(() => running.close());
      return running;
    };
    const first = await start();
    expect(first.setupUrl).toMatch(new RegExp(`^${first.server.url}/setup#[A-Za-z0-9_-]{20,}$`));
    const firstCode = first.setupUrl!.split('#')[1]!;
    await first.close();

    const second = await start();
    const code = second.setupUrl!.split('#')[1]!;
    expect(code).not.toBe(firstCode);
    const setup = { institution: '文物局机关党委', name: '周敏' };
    expect(
      (await call(second, 'POST', '/api/setup', { body: { code: firstCode, ...setup } })).status,
    ).toBe(404);
    const done = await call(second, 'POST', '/api/setup', { body: { code, ...setup } });
    expect(done.status).toBe(200);
    const token = done.body.token as string;
    // Some traffic that logs: a branch, an invite, a redeem, a wrong setup code.
    const branch = await call(second, 'POST', '/api/institution/branches', {
      token,
      body: { name: '一支部' },
    });
    const invite = await call(second, 'POST', `/api/branches/${branch.body.id}/invites`, {
      token,
      body: { role: 'secretary', name: '李书记' },
    });
    expect(invite.status).toBe(201);
    expect(
      (await call(second, 'POST', '/api/redeem', { body: { code: invite.body.code } })).status,
    ).toBe(200);
    expect((await call(second, 'POST', '/api/setup', { body: { code, ...setup } })).status).toBe(
      404,
    );
    await second.close();

    const third = await start();
    expect(third.setupUrl).toBeNull();
    await third.close();

    for (const secret of [firstCode, code]) {
      const carrying = lines.filter((l) => l.includes(secret));
      expect(carrying).toHaveLength(1);
      expect(JSON.parse(carrying[0]!)).toMatchObject({
        level: 30,
        setupUrl: expect.stringContaining(`/setup#${secret}`),
      });
    }
    // Two setup lines in all (two first starts), and no token or invite code in any line.
    expect(lines.filter((l) => l.includes('setupUrl'))).toHaveLength(2);
    for (const secret of [token, invite.body.code as string]) {
      expect(lines.some((l) => l.includes(secret))).toBe(false);
    }
  });
});

describe('the organiser: the branch directory and new branches', () => {
  it('only the organiser reads the directory (headcounts, no names) and creates branches', async () => {
    const { s, tokens } = await world();
    expect(await outcomes({ s, tokens }, 'GET', '/api/institution')).toEqual({
      organiser: '200',
      secretary: '403 not_organiser',
      organisation: '403 not_organiser',
      committee: '403 not_organiser',
      member: '403 not_organiser',
      otherMember: '403 not_organiser',
      signedOut: '401 sign_in_required',
    });
    const directory = await call(s, 'GET', '/api/institution', {
      token: tokens.organiser,
    });
    expect(directory.body.branches).toEqual([
      { id: 'home', name: '第一支部', members: 4 },
      { id: 'other', name: '第二支部', members: 1 },
    ]);
    const created = await outcomes({ s, tokens }, 'POST', '/api/institution/branches', {
      name: '考古工地临时党支部',
    });
    expect(created).toEqual({
      organiser: '201',
      secretary: '403 not_organiser',
      organisation: '403 not_organiser',
      committee: '403 not_organiser',
      member: '403 not_organiser',
      otherMember: '403 not_organiser',
      signedOut: '401 sign_in_required',
    });
    // The same name again (a second tap): refused, not a second branch.
    expect(
      await call(s, 'POST', '/api/institution/branches', {
        token: tokens.organiser,
        body: { name: '考古工地临时党支部' },
      }),
    ).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const after = await call(s, 'GET', '/api/institution', { token: tokens.organiser });
    const dig = after.body.branches.find((b: { name: string }) => b.name === '考古工地临时党支部');
    expect(dig).toMatchObject({ members: 0, id: expect.stringMatching(/^b[0-9a-f]{12}$/) });
    expect(after.body.branches).toHaveLength(3);
    // The organiser sees no roster.
    expect(
      (await call(s, 'GET', '/api/branches/home/members', { token: tokens.organiser })).body,
    ).toMatchObject({ error: { code: 'not_a_member' } });
  });
});

describe('invites from the app', () => {
  it('member and committee invites: the secretary and the 组织委员; secretary invites: a secretary or the organiser', async () => {
    const { s, tokens } = await world();
    const path = '/api/branches/home/invites';
    const refusedToOthers = {
      committee: '403 not_inviter',
      member: '403 not_inviter',
      otherMember: '403 not_inviter',
      signedOut: '401 sign_in_required',
    };
    expect(await outcomes({ s, tokens }, 'POST', path, { role: 'member' })).toEqual({
      organiser: '403 not_inviter',
      secretary: '201',
      organisation: '201',
      ...refusedToOthers,
    });
    expect(
      await outcomes({ s, tokens }, 'POST', path, { role: 'committee', name: '陈委员' }),
    ).toEqual({
      organiser: '403 not_inviter',
      secretary: '201',
      organisation: '201',
      ...refusedToOthers,
    });
    expect(await outcomes({ s, tokens }, 'POST', path, { role: 'secretary' })).toEqual({
      organiser: '201',
      secretary: '201',
      organisation: '403 not_secretary',
      ...refusedToOthers,
    });
    expect(await outcomes({ s, tokens }, 'GET', path)).toEqual({
      organiser: '200',
      secretary: '200',
      organisation: '200',
      ...refusedToOthers,
    });
    // Another branch's invites are not the home secretary's business, whether or not it exists.
    for (const branch of ['other', 'nope']) {
      expect(
        (
          await call(s, 'POST', `/api/branches/${branch}/invites`, {
            token: tokens.secretary,
            body: { role: 'member' },
          })
        ).body,
      ).toMatchObject({ error: { code: 'not_inviter' } });
    }
    expect(
      await call(s, 'POST', '/api/branches/nope/invites', {
        token: tokens.organiser,
        body: { role: 'secretary' },
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    // Each sees the invites they may make: the organiser secretaries', the 组织委员 the others.
    const roles = async (who: Who) =>
      (
        (await call(s, 'GET', path, { token: tokens[who] })).body.invites as {
          role: string;
        }[]
      )
        .map((i) => i.role)
        .sort();
    expect(await roles('secretary')).toEqual([
      'committee',
      'committee',
      'member',
      'member',
      'secretary',
      'secretary',
    ]);
    expect(await roles('organisation')).toEqual(['committee', 'committee', 'member', 'member']);
    expect(await roles('organiser')).toEqual(['secretary', 'secretary']);
  });

  it('lasts 1, 7 (default) or 30 days; lists who it is for; revoked by who may make it; the name is the default', async () => {
    const { s, tokens } = await world();
    const path = '/api/branches/home/invites';
    const day = 86_400_000;
    const make = (body: unknown, token = tokens.secretary) =>
      call(s, 'POST', path, { token, body });
    const week = await make({ role: 'member', name: '王芳' });
    expect(week.status).toBe(201);
    expect(week.body).toMatchObject({
      branchId: 'home',
      role: 'member',
      name: '王芳',
      code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    });
    expect(Date.parse(week.body.expiresAt) - Date.now()).toBeGreaterThan(7 * day - 60_000);
    expect(Date.parse(week.body.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * day);
    const month = await make({ role: 'member', days: 30 });
    expect(Date.parse(month.body.expiresAt) - Date.now()).toBeGreaterThan(29 * day);
    const one = await make({ role: 'committee', days: 1 });
    expect(Date.parse(one.body.expiresAt) - Date.now()).toBeLessThanOrEqual(day);
    expect(outcome(await make({ role: 'member', days: 5 }))).toBe('400 invalid_body');
    expect(outcome(await make({ role: 'boss' }))).toBe('400 invalid_body');
    const secretaryInvite = await make({ role: 'secretary' }, tokens.organiser);

    const listed = await call(s, 'GET', path, { token: tokens.secretary });
    expect(listed.body.invites).toHaveLength(4);
    expect(listed.body.invites).toContainEqual({
      id: week.body.id,
      role: 'member',
      name: '王芳',
      expiresAt: week.body.expiresAt,
    });
    expect(JSON.stringify(listed.body)).not.toContain(week.body.code);

    // Revoking: the 组织委员 not a secretary's invite, a member nothing, another branch's member nothing.
    const revoke = (id: string, token?: string) => call(s, 'DELETE', `${path}/${id}`, { token });
    expect((await revoke(secretaryInvite.body.id, tokens.organisation)).body).toMatchObject({
      error: { code: 'not_secretary' },
    });
    expect((await revoke(month.body.id, tokens.member)).body).toMatchObject({
      error: { code: 'not_inviter' },
    });
    expect((await revoke(month.body.id, tokens.otherMember)).body).toMatchObject({
      error: { code: 'not_inviter' },
    });
    expect((await revoke(month.body.id)).status).toBe(401);
    const revoked = await revoke(month.body.id, tokens.organisation);
    expect(revoked.status).toBe(200);
    expect(revoked.body.invites.map((i: { id: string }) => i.id)).not.toContain(month.body.id);
    expect((await revoke(month.body.id, tokens.secretary)).body).toMatchObject({
      error: { code: 'not_found' },
    });
    expect((await revoke(secretaryInvite.body.id, tokens.organiser)).status).toBe(200);
    // A revoked code signs nobody in; the named invite's name is the member's unless they type one.
    expect(
      (
        await call(s, 'POST', '/api/redeem', {
          body: { code: month.body.code, name: 'x' },
        })
      ).status,
    ).toBe(404);
    const joined = await call(s, 'POST', '/api/redeem', {
      body: { code: week.body.code },
    });
    expect(joined).toMatchObject({
      status: 200,
      body: { name: '王芳', branchId: 'home', role: 'member' },
    });
    expect(
      (await call(s, 'GET', path, { token: tokens.secretary })).body.invites.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([one.body.id]);
    // Without a name on the invite, a new person must give theirs.
    expect(
      (await call(s, 'POST', '/api/redeem', { body: { code: one.body.code } })).body,
    ).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('setup and redemption share the per-address budget of one-time codes', async () => {
    const s = await startAuthServer();
    let limited = 0;
    for (let i = 0; i < 31; i++) {
      const setup = await call(s, 'POST', '/api/setup', {
        body: { code: `wrong${i}`, institution: 'x', name: 'y' },
      });
      if (setup.status === 429) limited++;
    }
    expect(limited).toBe(1);
    expect(
      (
        await call(s, 'POST', '/api/redeem', {
          body: { code: 'AAAA-BBBB-CCCC', name: 'y' },
        })
      ).body,
    ).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
