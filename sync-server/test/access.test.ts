import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { connectClient, nextClose, startAuthServer, waitForDoc, whenSynced } from './helpers.ts';

async function droppedWrites(server: {
  metrics: { droppedReadOnlyWrites: { get(): Promise<{ values: { value: number }[] }> } };
}) {
  return (await server.metrics.droppedReadOnlyWrites.get()).values[0]?.value ?? 0;
}

describe('document access over /sync', () => {
  it('closes with 4401 without a token, with a bad token and with a revoked one', async () => {
    const s = await startAuthServer();
    const token = await s.member('b1', 'alice', 'member');
    const none = connectClient(s.wsUrl, 'study:alice');
    expect((await nextClose(none.provider)).code).toBe(CLOSE.unauthorized);
    const bad = connectClient(s.wsUrl, 'study:alice', { token: 'bb_not-a-real-token' });
    expect((await nextClose(bad.provider)).code).toBe(CLOSE.unauthorized);

    const ok = connectClient(s.wsUrl, 'study:alice', { token });
    await whenSynced(ok.provider);
    await s.accounts.revokeToken(token);
    const revoked = connectClient(s.wsUrl, 'study:alice', { token });
    expect((await nextClose(revoked.provider)).code).toBe(CLOSE.unauthorized);
  });

  it("refuses a member another member's study log with 4403", async () => {
    const s = await startAuthServer();
    await s.member('b1', 'alice', 'member');
    const bob = await s.member('b1', 'bob', 'member');
    const client = connectClient(s.wsUrl, 'study:alice', { token: bob });
    expect((await nextClose(client.provider)).code).toBe(CLOSE.forbidden);
  });

  it("lets the secretary read a member's study log but drops and counts her writes", async () => {
    const s = await startAuthServer();
    const alice = await s.member('b1', 'alice', 'member');
    const secretary = await s.member('b1', 'sec', 'secretary');
    const own = connectClient(s.wsUrl, 'study:alice', { token: alice });
    await whenSynced(own.provider);
    own.doc.getMap('entries').set('e1', '学习');

    const reader = connectClient(s.wsUrl, 'study:alice', { token: secretary });
    await waitForDoc(reader.doc, (d) => d.getMap('entries').get('e1') === '学习');
    reader.doc.getMap('entries').set('forged', 'x');
    // The next write from alice arrives after the forged one was handled (one connection, in order).
    own.doc.getMap('entries').set('e2', 'after');
    await waitForDoc(reader.doc, (d) => d.getMap('entries').get('e2') === 'after');
    await s.server.rooms.flushAll();
    expect(own.doc.getMap('entries').has('forged')).toBe(false);
    expect(await droppedWrites(s.server)).toBeGreaterThan(0);
    const stored = await s.store.load('study:alice');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
    expect(doc.getMap('entries').has('forged')).toBe(false);
  });

  it('refuses an outsider from another branch, and lets only the committee write the branch doc', async () => {
    const s = await startAuthServer();
    await s.member('b1', 'sec', 'secretary');
    const member = await s.member('b1', 'm1', 'member');
    const outsider = await s.member('b2', 'x1', 'secretary');
    const refused = connectClient(s.wsUrl, 'branch:b1', { token: outsider });
    expect((await nextClose(refused.provider)).code).toBe(CLOSE.forbidden);
    const studyRefused = connectClient(s.wsUrl, 'study:m1', { token: outsider });
    expect((await nextClose(studyRefused.provider)).code).toBe(CLOSE.forbidden);

    const reader = connectClient(s.wsUrl, 'branch:b1', { token: member });
    await whenSynced(reader.provider);
    reader.doc.getMap('settings').set('target', 1);
    await s.server.rooms.flushAll();
    expect((await s.store.load('branch:b1')).updates).toHaveLength(0);
  });

  it("keeps the branch's year plan to its branch: the committee writes, a member reads", async () => {
    const s = await startAuthServer();
    const secretary = await s.member('b1', 'sec', 'secretary');
    const committee = await s.member('b1', 'com', 'committee');
    const member = await s.member('b1', 'mem', 'member');
    const pairedMember = await s.member('b2', 'pm', 'member');
    const pairedSecretary = await s.member('b2', 'ps', 'secretary');
    await s.auth.pair(['b1', 'b2']);
    await s.auth.addOrganiser({ id: 'org', name: '组织员' });
    const organiser = await s.accounts.issueToken('org', 'test');
    const name = 'yearplan:b1-2026';

    // Nothing to register: the name says whose it is.
    const writer = connectClient(s.wsUrl, name, { token: secretary });
    const second = connectClient(s.wsUrl, name, { token: committee });
    const reader = connectClient(s.wsUrl, name, { token: member });
    await Promise.all([writer, second, reader].map((c) => whenSynced(c.provider)));
    writer.doc.getMap('yearplan').set('branchId', 'b1');
    second.doc.getMap('items').set('i1/kind', 'themeDay');
    await waitForDoc(reader.doc, (d) => d.getMap('items').get('i1/kind') === 'themeDay');
    expect(reader.doc.getMap('yearplan').get('branchId')).toBe('b1');

    // A member's write is dropped and counted, never stored or relayed.
    const before = await droppedWrites(s.server);
    reader.doc.getMap('items').set('forged/kind', 'general');
    await vi.waitFor(async () => expect(await droppedWrites(s.server)).toBeGreaterThan(before));
    await s.server.rooms.flushAll();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates((await s.store.load(name)).updates));
    expect([...stored.getMap('items').keys()]).toEqual(['i1/kind']);
    expect(writer.doc.getMap('items').has('forged/kind')).toBe(false);

    // The paired branch plans joint days with b1, never reads its year; nor does the organiser
    // (the 机关党委 gets the snapshot the branch sends, not the document).
    for (const token of [pairedMember, pairedSecretary, organiser]) {
      const refused = connectClient(s.wsUrl, name, { token });
      expect((await nextClose(refused.provider)).code).toBe(CLOSE.forbidden);
    }
    // A year plan named for no year is no document at all.
    const malformed = connectClient(s.wsUrl, 'yearplan:b1', { token: secretary });
    expect((await nextClose(malformed.provider)).code).toBe(CLOSE.badRequest);
  });

  it('refuses unregistered plans and lessons, and follows their participants once registered', async () => {
    const s = await startAuthServer();
    const a = await s.member('b1', 'a', 'committee');
    const b = await s.member('b2', 'b', 'member');
    const c = await s.member('b3', 'c', 'committee');
    const early = connectClient(s.wsUrl, 'plan:p1', { token: a });
    expect((await nextClose(early.provider)).code).toBe(CLOSE.forbidden);
    await s.auth.pair(['b1', 'b2']);
    await s.auth.addPlan({ id: 'p1', leadBranchId: 'b1', branchIds: ['b1', 'b2'] });
    const writer = connectClient(s.wsUrl, 'plan:p1', { token: a });
    const reader = connectClient(s.wsUrl, 'plan:p1', { token: b });
    await Promise.all([whenSynced(writer.provider), whenSynced(reader.provider)]);
    const outsider = connectClient(s.wsUrl, 'plan:p1', { token: c });
    expect((await nextClose(outsider.provider)).code).toBe(CLOSE.forbidden);

    await s.auth.addLesson({ id: 'l1', authorId: 'b', branchId: 'b2', coAuthorIds: [] });
    const author = connectClient(s.wsUrl, 'lesson:l1', { token: b });
    await whenSynced(author.provider);
    const stranger = connectClient(s.wsUrl, 'lesson:l1', { token: a });
    expect((await nextClose(stranger.provider)).code).toBe(CLOSE.forbidden);
    // The committee of the author's branch reads the draft to review it (in the registry); an
    // older app that still writes its review into the draft is dropped and counted.
    const reviewer = await s.member('b2', 'rev', 'committee');
    const review = connectClient(s.wsUrl, 'lesson:l1', { token: reviewer });
    await whenSynced(review.provider);
    const before = await droppedWrites(s.server);
    review.doc.getMap('lesson').set('review', { status: 'approved', by: 'rev' });
    await vi.waitFor(async () => expect(await droppedWrites(s.server)).toBeGreaterThan(before));
    await s.server.rooms.flushAll();
    const stored = new Y.Doc();
    const { updates } = await s.store.load('lesson:l1');
    if (updates.length > 0) Y.applyUpdate(stored, Y.mergeUpdates(updates));
    expect(stored.getMap('lesson').has('review')).toBe(false);
  });
});

describe('HTTP API', () => {
  it('redeems a one-time invite for a working token', async () => {
    const s = await startAuthServer();
    await s.auth.addBranch({ id: 'b1', name: '第一支部' });
    const { code } = await s.accounts.createInvite({ branchId: 'b1', role: 'member' });
    const redeem = (body: unknown) =>
      fetch(`${s.server.url}/api/redeem`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await redeem({ nope: 1 })).status).toBe(400);
    expect((await redeem({ code })).status).toBe(400); // a new user needs a name
    const ok = await redeem({ code: code.toLowerCase().replace(/-/g, ' '), name: '李四' });
    expect(ok.status).toBe(200);
    const session = (await ok.json()) as { token: string; userId: string; role: string };
    expect(session.role).toBe('member');
    expect((await redeem({ code, name: '王五' })).status).toBe(404); // one time only

    const me = await fetch(`${s.server.url}/api/me`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    expect(await me.json()).toMatchObject({
      userId: session.userId,
      name: '李四',
      branches: [{ branchId: 'b1', role: 'member' }],
    });
    const client = connectClient(s.wsUrl, `study:${session.userId}`, { token: session.token });
    await whenSynced(client.provider);
  });

  it('shows a branch its names, and roles and duties to its committee only', async () => {
    const s = await startAuthServer();
    const sec = await s.member('b1', 'sec', 'secretary');
    const m = await s.member('b1', 'm1', 'member');
    const get = (token: string) =>
      fetch(`${s.server.url}/api/branches/b1/members`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    await s.auth.addMember({
      ...{ branchId: 'b1', userId: 'jw', name: '纪委员', role: 'committee' },
      duty: 'discipline',
    });
    // A plain member sees names (to pick co-authors), not roles or duties.
    const asMember = await get(m);
    expect(asMember.status).toBe(200);
    const seen = (await asMember.json()) as { members: Record<string, unknown>[] };
    expect(seen.members.map((x) => x.name).sort()).toEqual(
      ['成员 m1', '成员 sec', '纪委员'].sort(),
    );
    expect(seen.members.every((x) => !('role' in x) && !('duty' in x))).toBe(true);
    // Another branch's roster: refused, the same as for a branch that does not exist.
    const outsider = await s.member('b2', 'out', 'secretary');
    const other = await fetch(`${s.server.url}/api/branches/b1/members`, {
      headers: { Authorization: `Bearer ${outsider}` },
    });
    const none = await fetch(`${s.server.url}/api/branches/nope/members`, {
      headers: { Authorization: `Bearer ${outsider}` },
    });
    expect([other.status, none.status]).toEqual([403, 403]);
    const ok = await get(sec);
    expect(ok.status).toBe(200);
    const { members } = (await ok.json()) as { members: { userId: string; duty?: string }[] };
    expect(members).toHaveLength(3);
    expect(members.find((x) => x.userId === 'jw')?.duty).toBe('discipline');
    expect(members.find((x) => x.userId === 'm1')).not.toHaveProperty('duty');
    const jw = await s.accounts.issueToken('jw');
    const me = await fetch(`${s.server.url}/api/me`, {
      headers: { Authorization: `Bearer ${jw}` },
    });
    expect(await me.json()).toMatchObject({
      branches: [{ branchId: 'b1', role: 'committee', duty: 'discipline' }],
    });
    expect((await fetch(`${s.server.url}/api/me`)).status).toBe(401);
  });
});
