import { describe, expect, it } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { call, connectClient, nextClose, waitForDoc, whenSynced } from './helpers.ts';
import { castOf, HOME_AND_OTHER, outcome, outcomes, roleWorld } from './role-world.ts';

/** Issue 14, items 3 and 4: the secretary runs the roster and the party groups from the app. */

const WHO = [
  'secretary',
  'organisation',
  'committee',
  'leader',
  'member',
  'otherSecretary',
  'otherMember',
  'organiser',
  'signedOut',
] as const;
type Who = (typeof WHO)[number];

/**
 * Branch `home`: its secretary, 组织委员, another committee member, a member who leads the group
 * 第一党小组 (with `mem` in it too) and `plain` in no group; branch `other` with its secretary and
 * a member; the organiser.
 */
async function world() {
  const { s, tokens } = await roleWorld(
    HOME_AND_OTHER,
    castOf(WHO, { leader: { branch: 'home', user: 'lead', role: 'member' } }),
  );
  await s.auth.addMember({ branchId: 'home', userId: 'plain', role: 'member', name: 'plain' });
  await s.accounts.issueToken('plain', 'test');
  await s.auth.addGroup({ id: 'g1', branchId: 'home', name: '第一党小组', leaderUserId: 'lead' });
  await s.auth.changeMember('home', 'mem', { groupId: 'g1' });
  return { s, tokens, group: 'g1' };
}

/** Everyone but the home secretary is refused a secretary's change, each with its code. */
const SECRETARY_ONLY = {
  secretary: '200',
  organisation: '403 not_secretary',
  committee: '403 not_secretary',
  leader: '403 not_secretary',
  member: '403 not_secretary',
  otherSecretary: '403 not_secretary',
  otherMember: '403 not_secretary',
  organiser: '403 not_secretary',
  signedOut: '401 sign_in_required',
};

describe('the roster', () => {
  it('members read names; the committee also roles, duties, joined dates, groups, devices; nobody else', async () => {
    const { s, tokens } = await world();
    expect(await outcomes({ s, tokens }, 'GET', '/api/branches/home/members')).toEqual({
      secretary: '200',
      organisation: '200',
      committee: '200',
      leader: '200',
      member: '200',
      otherSecretary: '403 not_a_member',
      otherMember: '403 not_a_member',
      organiser: '403 not_a_member',
      signedOut: '401 sign_in_required',
    });
    const plain = await call(s, 'GET', '/api/branches/home/members', {
      token: tokens.member,
    });
    expect(plain.body.members).toContainEqual({ userId: 'lead', name: 'lead' });
    expect(plain.body.removed).toBeUndefined();
    for (const m of plain.body.members) expect(Object.keys(m).sort()).toEqual(['name', 'userId']);
    const full = await call(s, 'GET', '/api/branches/home/members', {
      token: tokens.committee,
    });
    const lead = full.body.members.find((m: { userId: string }) => m.userId === 'lead');
    expect(lead).toEqual({
      userId: 'lead',
      name: 'lead',
      role: 'member',
      joinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      groupId: 'g1',
      devices: 1,
    });
    expect(Date.now() - Date.parse(lead.joinedAt)).toBeLessThan(60_000);
    expect(full.body.members.find((m: { userId: string }) => m.userId === 'zz')).toMatchObject({
      role: 'committee',
      duty: 'organisation',
    });
    expect(full.body.removed).toEqual([]);
  });

  it('the secretary renames, changes role and duty and moves between groups; nobody else', async () => {
    const { s, tokens } = await world();
    const path = '/api/branches/home/members/plain';
    expect(await outcomes({ s, tokens }, 'PATCH', path, { groupId: 'g1' })).toEqual(SECRETARY_ONLY);
    // Another branch's secretary is refused the same whether or not the member is there.
    expect(
      (
        await call(s, 'PATCH', '/api/branches/other/members/plain', {
          token: tokens.secretary,
          body: { name: 'x' },
        })
      ).body,
    ).toMatchObject({ error: { code: 'not_secretary' } });

    const change = (user: string, body: unknown) =>
      call(s, 'PATCH', `/api/branches/home/members/${user}`, {
        token: tokens.secretary,
        body,
      });
    const renamed = await change('plain', { name: '  王芳 ' });
    expect(renamed.status).toBe(200);
    expect(
      renamed.body.members.find((m: { userId: string }) => m.userId === 'plain'),
    ).toMatchObject({ name: '王芳', groupId: 'g1' });
    // One person, one name: it shows in every branch and on their own device.
    await s.auth.addMember({ branchId: 'other', userId: 'plain', role: 'member', name: '王芳' });
    const plainToken = await s.accounts.issueToken('plain', 'test');
    expect((await call(s, 'GET', '/api/me', { token: plainToken })).body.name).toBe('王芳');
    // Role and duty: a committee member with a portfolio; back to member clears the duty.
    expect(
      (await change('plain', { role: 'committee', duty: 'discipline' })).body.members.find(
        (m: { userId: string }) => m.userId === 'plain',
      ),
    ).toMatchObject({ role: 'committee', duty: 'discipline' });
    const demoted = (await change('plain', { role: 'member' })).body.members.find(
      (m: { userId: string }) => m.userId === 'plain',
    );
    expect(demoted.role).toBe('member');
    expect(demoted.duty).toBeUndefined();
    expect(outcome(await change('plain', { duty: 'publicity' }))).toBe('400 invalid_request');
    expect(outcome(await change('plain', { role: 'boss' }))).toBe('400 invalid_body');
    expect(outcome(await change('plain', { name: ' ' }))).toBe('400 invalid_body');
    // Out of the group, and a group of another branch is no group here.
    expect(
      (await change('plain', { groupId: null })).body.members.find(
        (m: { userId: string }) => m.userId === 'plain',
      ).groupId,
    ).toBeUndefined();
    await s.auth.addGroup({ id: 'g9', branchId: 'other', name: '外支部小组', leaderUserId: null });
    expect(outcome(await change('plain', { groupId: 'g9' }))).toBe('400 invalid_request');
    expect(outcome(await change('mo', { name: 'x' }))).toBe('404 not_found');
    // The branch's only secretary cannot step down; with a second one she can.
    expect(outcome(await change('sec', { role: 'committee' }))).toBe('409 last_secretary');
    await change('xc', { role: 'secretary', duty: null });
    expect((await change('sec', { role: 'committee', duty: 'deputy' })).status).toBe(200);
  });

  it('removing: the secretary only, never the last secretary; the log stays with the branch', async () => {
    const { s, tokens } = await world();
    expect(
      await outcomes({ s, tokens }, 'DELETE', '/api/branches/home/members/plain', undefined, [
        'organisation',
        'committee',
        'leader',
        'member',
        'otherSecretary',
        'otherMember',
        'organiser',
        'signedOut',
      ]),
    ).toEqual(
      Object.fromEntries(Object.entries(SECRETARY_ONLY).filter(([w]) => w !== 'secretary')),
    );
    const remove = (user: string) =>
      call(s, 'DELETE', `/api/branches/home/members/${user}`, {
        token: tokens.secretary,
      });
    expect(outcome(await remove('sec'))).toBe('409 last_secretary');
    expect(outcome(await remove('mo'))).toBe('404 not_found');

    // The group leader's log, written before: the committee still reads it after the removal.
    const log = connectClient(s.wsUrl, 'study:lead', { token: tokens.leader! });
    await whenSynced(log.provider);
    log.doc.getMap('entries').set('e1', '读原著');
    const closed = nextClose(log.provider);
    const removed = await remove('lead');
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { userId: string }) => m.userId)).not.toContain('lead');
    expect(removed.body.removed).toEqual([
      { userId: 'lead', name: 'lead', role: 'member', removedAt: expect.any(String) },
    ]);
    // No branch left: every token revoked at once, the open socket closed with 4401.
    expect((await closed).code).toBe(CLOSE.unauthorized);
    expect((await call(s, 'GET', '/api/me', { token: tokens.leader })).status).toBe(401);
    // The group they led has no leader now.
    const groups = await call(s, 'GET', '/api/branches/home/groups', {
      token: tokens.secretary,
    });
    expect(groups.body.groups).toEqual([{ id: 'g1', name: '第一党小组', memberIds: ['mem'] }]);
    // The committee reads the removed member's log (the branch's table and export); members not.
    const reader = connectClient(s.wsUrl, 'study:lead', { token: tokens.committee! });
    await whenSynced(reader.provider);
    await waitForDoc(reader.doc, (d) => d.getMap('entries').get('e1') === '读原著');
    const member = connectClient(s.wsUrl, 'study:lead', { token: tokens.member! });
    expect((await nextClose(member.provider)).code).toBe(CLOSE.forbidden);
    // Members do not see who was removed.
    expect(
      (await call(s, 'GET', '/api/branches/home/members', { token: tokens.member })).body.removed,
    ).toBeUndefined();
  });

  it('a member of a dig branch and home: leaving the dig keeps home — 4403 on the dig, the home socket works', async () => {
    const { s, tokens } = await world();
    await s.auth.addBranch({ id: 'dig', name: '考古工地临时党支部' });
    await s.auth.addMember({ branchId: 'dig', userId: 'sec', role: 'secretary', name: 'sec' });
    await s.auth.addMember({ branchId: 'dig', userId: 'mem', role: 'member', name: 'mem' });
    const onDig = connectClient(s.wsUrl, 'branch:dig', { token: tokens.member! });
    const atHome = connectClient(s.wsUrl, 'branch:home', { token: tokens.member! });
    const writer = connectClient(s.wsUrl, 'branch:home', { token: tokens.secretary! });
    await Promise.all([onDig, atHome, writer].map((c) => whenSynced(c.provider)));
    const closed = nextClose(onDig.provider);
    const removed = await call(s, 'DELETE', '/api/branches/dig/members/mem', {
      token: tokens.secretary,
    });
    expect(removed.status).toBe(200);
    expect((await closed).code).toBe(CLOSE.forbidden);
    // The home socket was decided again in the same round and stays open: it gets new writes.
    writer.doc.getMap('settings').set('memberTarget', 40);
    await waitForDoc(atHome.doc, (d) => d.getMap('settings').get('memberTarget') === 40);
    expect(atHome.provider.wsconnected).toBe(true);
    const me = await call(s, 'GET', '/api/me', { token: tokens.member });
    expect(me.status).toBe(200);
    expect(me.body.branches.map((b: { branchId: string }) => b.branchId)).toEqual(['home']);
  });

  it('two invites redeemed under one name: told apart by joined date and devices; one removed, its log kept', async () => {
    const { s, tokens } = await world();
    const invite = async () =>
      (
        await call(s, 'POST', '/api/branches/home/invites', {
          token: tokens.secretary,
          body: { role: 'member' },
        })
      ).body.code as string;
    const first = await call(s, 'POST', '/api/redeem', {
      body: { code: await invite(), name: '张晓红' },
    });
    const second = await call(s, 'POST', '/api/redeem', {
      body: { code: await invite(), name: '张晓红' },
    });
    expect(first.body.userId).not.toBe(second.body.userId);
    // The first 张晓红 also signs in on a second device.
    await s.accounts.issueToken(first.body.userId as string, 'second phone');
    const roster = await call(s, 'GET', '/api/branches/home/members', {
      token: tokens.secretary,
    });
    const pair = roster.body.members.filter((m: { name: string }) => m.name === '张晓红');
    expect(pair).toHaveLength(2);
    const [a, b] = [first, second].map((r) =>
      pair.find((m: { userId: string }) => m.userId === r.body.userId),
    );
    expect(a.devices).toBe(2);
    expect(b.devices).toBe(1);
    expect(Date.parse(a.joinedAt)).toBeLessThanOrEqual(Date.parse(b.joinedAt));

    const log = connectClient(s.wsUrl, `study:${b.userId}`, { token: second.body.token });
    await whenSynced(log.provider);
    log.doc.getMap('entries').set('e1', '党课');
    const closed = nextClose(log.provider);
    const after = await call(s, 'DELETE', `/api/branches/home/members/${b.userId}`, {
      token: tokens.secretary,
    });
    expect((await closed).code).toBe(CLOSE.unauthorized);
    expect(after.body.members.filter((m: { name: string }) => m.name === '张晓红')).toEqual([
      expect.objectContaining({ userId: a.userId, devices: 2 }),
    ]);
    expect(after.body.removed).toEqual([
      expect.objectContaining({ userId: b.userId, name: '张晓红' }),
    ]);
    const reader = connectClient(s.wsUrl, `study:${b.userId}`, { token: tokens.secretary! });
    await waitForDoc(reader.doc, (d) => d.getMap('entries').get('e1') === '党课');
    // Invited again (a known user, by the CLI): a member again, no longer listed as removed.
    await s.auth.addMember({ branchId: 'home', userId: b.userId, role: 'member', name: '张晓红' });
    expect(await s.auth.formerMembersOfBranch('home')).toEqual([]);
  });
});

describe('party groups', () => {
  it('every member reads names and leaders; members of a group: the committee and its leader', async () => {
    const { s, tokens } = await world();
    const path = '/api/branches/home/groups';
    expect(await outcomes({ s, tokens }, 'GET', path)).toEqual({
      secretary: '200',
      organisation: '200',
      committee: '200',
      leader: '200',
      member: '200',
      otherSecretary: '403 not_a_member',
      otherMember: '403 not_a_member',
      organiser: '403 not_a_member',
      signedOut: '401 sign_in_required',
    });
    await s.auth.addGroup({
      id: 'g2',
      branchId: 'home',
      name: '第二党小组',
      leaderUserId: 'plain',
    });
    const read = async (who: Who) => (await call(s, 'GET', path, { token: tokens[who] })).body;
    expect(await read('committee')).toEqual({
      branchId: 'home',
      groups: [
        { id: 'g1', name: '第一党小组', leaderId: 'lead', memberIds: ['lead', 'mem'] },
        { id: 'g2', name: '第二党小组', leaderId: 'plain', memberIds: ['plain'] },
      ],
    });
    expect(await read('leader')).toEqual({
      branchId: 'home',
      groups: [
        { id: 'g1', name: '第一党小组', leaderId: 'lead', memberIds: ['lead', 'mem'] },
        { id: 'g2', name: '第二党小组', leaderId: 'plain' },
      ],
      mine: 'g1',
    });
    expect(await read('member')).toEqual({
      branchId: 'home',
      groups: [
        { id: 'g1', name: '第一党小组', leaderId: 'lead' },
        { id: 'g2', name: '第二党小组', leaderId: 'plain' },
      ],
      mine: 'g1',
    });
  });

  it('the secretary forms, renames, names leaders and deletes groups; nobody else', async () => {
    const { s, tokens } = await world();
    const path = '/api/branches/home/groups';
    const created = await outcomes({ s, tokens }, 'POST', path, { name: '第三党小组' }, [
      'secretary',
    ]);
    expect(created).toEqual({ secretary: '201' });
    const refused = Object.fromEntries(
      Object.entries(SECRETARY_ONLY).filter(([w]) => w !== 'secretary'),
    );
    const others = WHO.filter((w) => w !== 'secretary');
    expect(await outcomes({ s, tokens }, 'POST', path, { name: '别的小组' }, others)).toEqual(
      refused,
    );
    expect(await outcomes({ s, tokens }, 'PATCH', `${path}/g1`, { name: 'x' }, others)).toEqual(
      refused,
    );
    expect(await outcomes({ s, tokens }, 'DELETE', `${path}/g1`, undefined, others)).toEqual(
      refused,
    );
    expect(
      (
        await call(s, 'POST', '/api/branches/other/groups', {
          token: tokens.secretary,
          body: { name: 'x' },
        })
      ).body,
    ).toMatchObject({ error: { code: 'not_secretary' } });

    const as = (method: string, sub: string, body?: unknown) =>
      call(s, method, `${path}${sub}`, { token: tokens.secretary, body });
    // The same name again (a second tap) is refused, not a second group.
    expect(outcome(await as('POST', '', { name: '第三党小组' }))).toBe('409 conflict');
    const third = (await as('GET', '')).body.groups.find(
      (g: { name: string }) => g.name === '第三党小组',
    );
    expect(third).toMatchObject({ id: expect.stringMatching(/^g[0-9a-f]{12}$/), memberIds: [] });
    // Naming a leader puts them in the group; moving the old leader out leaves g1 leaderless.
    const led = await as('PATCH', `/${third.id}`, { name: '机关党小组', leaderId: 'lead' });
    expect(led.status).toBe(200);
    expect(led.body.groups).toEqual([
      { id: third.id, name: '机关党小组', leaderId: 'lead', memberIds: ['lead'] },
      { id: 'g1', name: '第一党小组', memberIds: ['mem'] },
    ]);
    expect(outcome(await as('PATCH', `/${third.id}`, { leaderId: 'mo' }))).toBe(
      '400 invalid_request',
    );
    expect(outcome(await as('PATCH', '/g1', { name: '机关党小组' }))).toBe('409 conflict');
    expect(outcome(await as('PATCH', '/nope', { name: 'y' }))).toBe('404 not_found');
    // A new group with its leader at once.
    const withLeader = await as('POST', '', { name: '离退休党小组', leaderId: 'plain' });
    expect(withLeader.status).toBe(201);
    expect(
      withLeader.body.groups.find((g: { name: string }) => g.name === '离退休党小组'),
    ).toMatchObject({ leaderId: 'plain', memberIds: ['plain'] });
    // Deleting a group: its members fall back to no group.
    const deleted = await as('DELETE', '/g1');
    expect(deleted.body.groups.map((g: { id: string }) => g.id)).not.toContain('g1');
    const mem = (
      await call(s, 'GET', '/api/branches/home/members', { token: tokens.secretary })
    ).body.members.find((m: { userId: string }) => m.userId === 'mem');
    expect(mem.groupId).toBeUndefined();
    expect(await as('DELETE', '/g1')).toMatchObject({ status: 404 });
    // Leaderless again.
    expect(
      (await as('PATCH', `/${third.id}`, { leaderId: null })).body.groups.find(
        (g: { id: string }) => g.id === third.id,
      ),
    ).toEqual({ id: third.id, name: '机关党小组', memberIds: ['lead'] });
  });
});
