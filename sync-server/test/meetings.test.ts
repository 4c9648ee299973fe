import { describe, expect, it } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { apiAs, connectClient, nextClose, startAuthServer, whenSynced } from './helpers.ts';

/** Issue 15, item 2: meeting records are registered with the facts that decide who reads them. */

async function world() {
  const s = await startAuthServer();
  const t = {
    s,
    secretary: await s.member('a', 'a0', 'secretary'),
    committee: await s.member('a', 'a1', 'committee'),
    leader: await s.member('a', 'a2', 'member'),
    grouped: await s.member('a', 'a3', 'member'),
    member: await s.member('a', 'a4', 'member'),
    paired: await s.member('b', 'b1', 'secretary'),
  };
  await s.auth.pair(['a', 'b']);
  await s.auth.addGroup({ id: 'g1', branchId: 'a', name: '第一党小组', leaderUserId: 'a2' });
  await s.auth.changeMember('a', 'a3', { groupId: 'g1' });
  return t;
}

const refused = (answer: { status: number; code: unknown }) => [answer.status, answer.code];

describe('meeting registry API', () => {
  it('registers a record for who may write it, with the facts of its kind', async () => {
    const t = await world();
    const register = (token: string | null, body: unknown) =>
      apiAs(t.s, token)('POST', '/api/meetings', body);
    expect(refused(await register(null, { id: 'm1', branch: 'a', kind: 'general' }))).toEqual([
      401,
      'sign_in_required',
    ]);
    expect(refused(await register(t.member, { id: 'm1', branch: 'a', kind: 'general' }))).toEqual([
      403,
      'not_recorder',
    ]);
    expect(refused(await register(t.paired, { id: 'm1', branch: 'a', kind: 'general' }))).toEqual([
      403,
      'not_recorder',
    ]);
    expect(
      refused(await register(t.committee, { id: 'm1', branch: 'a', kind: 'meeting' })),
    ).toEqual([400, 'invalid_body']);
    const made = await register(t.committee, { id: 'm1', branch: 'a', kind: 'general' });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: 'm1', branchId: 'a', kind: 'general', participantIds: [] });
    // A retry gets the same answer; another registration under the id is a conflict.
    expect((await register(t.committee, { id: 'm1', branch: 'a', kind: 'general' })).status).toBe(
      200,
    );
    expect(
      refused(await register(t.committee, { id: 'm1', branch: 'a', kind: 'committee' })),
    ).toEqual([409, 'conflict']);

    // A group meeting: its group is needed, and its leader registers it (a plain member does not).
    expect(refused(await register(t.leader, { id: 'g', branch: 'a', kind: 'group' }))).toEqual([
      400,
      'invalid_body',
    ]);
    expect(
      refused(await register(t.leader, { id: 'g', branch: 'a', kind: 'group', group: 'nope' })),
    ).toEqual([400, 'invalid_request']);
    expect(
      refused(await register(t.grouped, { id: 'g', branch: 'a', kind: 'group', group: 'g1' })),
    ).toEqual([403, 'not_recorder']);
    const group = await register(t.leader, { id: 'g', branch: 'a', kind: 'group', group: 'g1' });
    expect(group.body).toMatchObject({ kind: 'group', groupId: 'g1' });

    // A talk: exactly its two people, members of the branch; one of them or the secretary.
    const talk = { id: 'tk', branch: 'a', kind: 'talk' };
    expect(refused(await register(t.secretary, { ...talk, participants: ['a4'] }))).toEqual([
      400,
      'invalid_body',
    ]);
    expect(refused(await register(t.secretary, { ...talk, participants: ['a4', 'b1'] }))).toEqual([
      400,
      'not_branch_members',
    ]);
    expect(refused(await register(t.committee, { ...talk, participants: ['a3', 'a4'] }))).toEqual([
      403,
      'not_recorder',
    ]);
    expect((await register(t.member, { ...talk, participants: ['a3', 'a4'] })).status).toBe(201);

    // The list: each caller the records they may read.
    const listed = async (token: string) =>
      ((await apiAs(t.s, token)('GET', '/api/meetings')).body.meetings as { id: string }[]).map(
        (m) => m.id,
      );
    expect(await listed(t.committee)).toEqual(['g', 'm1']);
    expect(await listed(t.secretary)).toEqual(['g', 'm1', 'tk']);
    expect(await listed(t.grouped)).toEqual(['g', 'm1', 'tk']);
    expect(await listed(t.member)).toEqual(['m1', 'tk']);
    expect(await listed(t.paired)).toEqual([]);
  });

  it('a plain member is refused a committee meeting over /sync, a paired branch the general one', async () => {
    const t = await world();
    const asCommittee = apiAs(t.s, t.committee);
    await asCommittee('POST', '/api/meetings', { id: 'c1', branch: 'a', kind: 'committee' });
    await asCommittee('POST', '/api/meetings', { id: 'm1', branch: 'a', kind: 'general' });
    const closeOf = async (token: string, doc: string) =>
      (await nextClose(connectClient(t.s.wsUrl, doc, { token }).provider)).code;
    expect(await closeOf(t.member, 'meeting:c1')).toBe(CLOSE.forbidden);
    expect(await closeOf(t.paired, 'meeting:m1')).toBe(CLOSE.forbidden);
    // Unregistered: nobody, not even the committee.
    expect(await closeOf(t.committee, 'meeting:nope')).toBe(CLOSE.forbidden);
    const reader = connectClient(t.s.wsUrl, 'meeting:m1', { token: t.member });
    await whenSynced(reader.provider);
    reader.provider.destroy();
  });
});
