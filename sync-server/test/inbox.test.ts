import { describe, expect, it } from 'vitest';
import { apiAs, startAuthServer, type AuthTestServer } from './helpers.ts';

/** Issue 14, item 8: the inbox — registry events, each seen only by whom it concerns. */

interface Event {
  seq: number;
  kind: string;
  actorName: string;
  refId: string;
  branchName?: string;
  detail?: string;
}

async function inbox(s: AuthTestServer, token: string | null, after?: number) {
  const answer = await apiAs(s, token)(
    'GET',
    `/api/inbox${after === undefined ? '' : `?after=${after}`}`,
  );
  return answer as typeof answer & { body: { events?: Event[]; last?: number; more?: boolean } };
}

const kinds = (answer: { body: { events?: Event[] } }) =>
  (answer.body.events ?? []).map((e) => `${e.kind} ${e.refId}`);

/** Branch a (committee a1, secretary a0, members a2, a3) paired with b (b1, b2); c alone. */
async function world() {
  const s = await startAuthServer();
  const t = {
    s,
    a1: await s.member('a', 'a1', 'committee'),
    a0: await s.member('a', 'a0', 'secretary'),
    a2: await s.member('a', 'a2', 'member'),
    a3: await s.member('a', 'a3', 'member'),
    b1: await s.member('b', 'b1', 'committee'),
    b2: await s.member('b', 'b2', 'member'),
    c1: await s.member('c', 'c1', 'secretary'),
  };
  await s.auth.pair(['a', 'b']);
  return t;
}

describe('GET /api/inbox', () => {
  it('tells a paired branch about a plan shared with it, by names, and nobody else', async () => {
    const t = await world();
    const created = await apiAs(t.s, t.a1)('POST', '/api/plans', {
      id: 'p1',
      leadBranch: 'a',
      branches: ['b'],
    });
    expect(created.status).toBe(201);
    for (const token of [t.b1, t.b2]) {
      const answer = await inbox(t.s, token);
      expect(answer.status).toBe(200);
      expect(answer.body.events).toEqual([
        expect.objectContaining({
          kind: 'plan.shared',
          refId: 'p1',
          actorName: '成员 a1',
          branchName: '支部 a',
        }),
      ]);
    }
    // The one who did it, their own branch (it is theirs already) and a stranger: nothing.
    for (const token of [t.a1, t.a2, t.c1]) expect(kinds(await inbox(t.s, token))).toEqual([]);
    // A retried registration is not news twice.
    await apiAs(t.s, t.a1)('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: ['b'] });
    expect(kinds(await inbox(t.s, t.b2))).toEqual(['plan.shared p1']);
  });

  it('follows a draft: co-author added, submitted to the committee, returned with a note', async () => {
    const t = await world();
    const asAuthor = apiAs(t.s, t.a2);
    expect(
      (await asAuthor('POST', '/api/lessons', { id: 'l1', branch: 'a', coAuthors: ['a3'] })).status,
    ).toBe(201);
    expect(kinds(await inbox(t.s, t.a3))).toEqual(['lesson.coAuthor l1']);
    // Changing co-authors tells only the ones added.
    await asAuthor('PATCH', '/api/lessons/l1', { coAuthors: ['a3', 'a0'] });
    expect(kinds(await inbox(t.s, t.a3))).toEqual(['lesson.coAuthor l1']);
    expect(kinds(await inbox(t.s, t.a0))).toEqual(['lesson.coAuthor l1']);

    await asAuthor('POST', '/api/lessons/l1/review', { from: 'draft', status: 'submitted' });
    // The committee hears of it; a plain member (the co-author) does not, nor another branch.
    expect(kinds(await inbox(t.s, t.a1))).toEqual(['lesson.submitted l1']);
    expect(kinds(await inbox(t.s, t.a0))).toEqual(['lesson.coAuthor l1', 'lesson.submitted l1']);
    expect(kinds(await inbox(t.s, t.a3))).toEqual(['lesson.coAuthor l1']);
    expect(kinds(await inbox(t.s, t.b1))).toEqual([]);

    await apiAs(t.s, t.a1)('POST', '/api/lessons/l1/review', {
      from: 'submitted',
      status: 'draft',
      note: '第二部分再充实些',
    });
    const author = await inbox(t.s, t.a2);
    expect(author.body.events).toEqual([
      expect.objectContaining({
        kind: 'lesson.returned',
        detail: '第二部分再充实些',
        actorName: '成员 a1',
      }),
    ]);
    expect(kinds(await inbox(t.s, t.a3)).at(-1)).toBe('lesson.returned l1');
    expect(kinds(await inbox(t.s, t.a1))).toEqual(['lesson.submitted l1']);
  });

  it('pages from a cursor, past events the caller may not see, and refuses strangers', async () => {
    const t = await world();
    expect((await inbox(t.s, null)).status).toBe(401);
    expect((await apiAs(t.s, t.a2)('GET', '/api/inbox?after=-1')).code).toBe('invalid_query');
    const first = await inbox(t.s, t.a2, 0);
    expect(first.body).toEqual({ events: [], last: 0, more: false });

    // 150 committee-only events of branch a, then one for every member.
    const at = Date.now();
    const body = { actorId: 'a1', refId: 'l9', aboutBranchId: 'a', at };
    await t.s.auth.recordEvents(
      Array.from({ length: 150 }, () => ({
        ...body,
        kind: 'lesson.submitted' as const,
        audience: { audience: 'committee' as const, branchId: 'a' },
      })),
    );
    await t.s.auth.recordEvents([
      {
        ...body,
        kind: 'plan.shared',
        refId: 'p9',
        audience: { audience: 'members', branchId: 'a' },
      },
    ]);
    // A member walks past the committee's events to the one for her.
    let cursor = 0;
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      const answer = await inbox(t.s, t.a2, cursor);
      seen.push(...kinds(answer));
      expect(answer.body.last).toBeGreaterThanOrEqual(cursor);
      cursor = answer.body.last ?? cursor;
      if (!answer.body.more) break;
    }
    expect(seen).toEqual(['plan.shared p9']);
    expect(kinds(await inbox(t.s, t.a2, cursor))).toEqual([]);
    // The committee gets them all in pages of 100; without a cursor, the newest 50.
    const page1 = await inbox(t.s, t.a0, 0);
    expect(page1.body.events).toHaveLength(100);
    expect(page1.body.more).toBe(true);
    const page2 = await inbox(t.s, t.a0, page1.body.last);
    expect(page2.body.events).toHaveLength(51);
    expect(page2.body.more).toBe(false);
    const newest = await inbox(t.s, t.a0);
    expect(newest.body.events).toHaveLength(50);
    expect(newest.body.events?.at(-1)?.kind).toBe('plan.shared');
    expect(newest.body.last).toBe(page2.body.last);
  });
});
