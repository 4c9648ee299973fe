import { describe, expect, it } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { defaultLead } from '../src/auth/auth-store.ts';
import {
  connectClient,
  nextClose,
  startAuthServer,
  whenSynced,
  type AuthTestServer,
} from './helpers.ts';

function api(s: AuthTestServer, token: string | null) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.server.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

/** Branch a (lead) paired with b; c is not paired with anyone. */
async function threeBranches() {
  const s = await startAuthServer();
  const leadCommittee = await s.member('a', 'a1', 'committee');
  const leadSecretary = await s.member('a', 'a0', 'secretary');
  const leadMember = await s.member('a', 'a2', 'member');
  const pairedCommittee = await s.member('b', 'b1', 'committee');
  const pairedMember = await s.member('b', 'b2', 'member');
  const outsider = await s.member('c', 'c1', 'secretary');
  await s.auth.pair(['a', 'b']);
  return { s, leadCommittee, leadSecretary, leadMember, pairedCommittee, pairedMember, outsider };
}

describe('plan registry API', () => {
  it('registers a plan for the lead committee with paired branches, and refuses everyone else', async () => {
    const t = await threeBranches();
    const asLead = api(t.s, t.leadCommittee);
    expect(
      (await api(t.s, null)('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: ['b'] }))
        .status,
    ).toBe(401);
    expect((await asLead('POST', '/api/plans', '{not json')).status).toBe(400);
    expect(
      (await asLead('POST', '/api/plans', { id: 'bad id', leadBranch: 'a', branches: [] })).status,
    ).toBe(400);
    expect(
      (await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: 'b' })).status,
    ).toBe(400);
    expect(
      (
        await api(t.s, t.leadMember)('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: ['b'],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(t.s, t.pairedCommittee)('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: ['b'],
        })
      ).status,
    ).toBe(403);
    const unpaired = await asLead('POST', '/api/plans', {
      id: 'p1',
      leadBranch: 'a',
      branches: ['b', 'c'],
    });
    expect(unpaired.status).toBe(403);
    expect(unpaired.body.error).toContain('c');

    const created = await asLead('POST', '/api/plans', {
      id: 'p1',
      leadBranch: 'a',
      branches: ['b'],
    });
    expect(created).toEqual({
      status: 201,
      body: { id: 'p1', leadBranchId: 'a', branchIds: ['a', 'b'] },
    });
    // A retry of the same registration (offline device, lost answer) is idempotent.
    expect(
      (await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: ['b'] })).status,
    ).toBe(200);
    expect(
      (await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: [] })).status,
    ).toBe(409);
    expect((await api(t.s, t.pairedMember)('GET', '/api/plans')).body.plans).toEqual([
      created.body,
    ]);
    expect((await api(t.s, t.outsider)('GET', '/api/plans')).body.plans).toEqual([]);
  });

  it('lets only the lead committee add or remove branches later, paired ones only', async () => {
    const t = await threeBranches();
    const d = await t.s.member('d', 'd1', 'committee');
    await t.s.auth.pair(['a', 'd']);
    await api(t.s, t.leadCommittee)('POST', '/api/plans', {
      id: 'p2',
      leadBranch: 'a',
      branches: [],
    });
    expect(
      (await api(t.s, t.pairedCommittee)('PATCH', '/api/plans/p2', { add: ['b'] })).status,
    ).toBe(403);
    expect((await api(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { add: ['c'] })).status).toBe(
      403,
    );
    expect(
      (await api(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { remove: ['a'] })).status,
    ).toBe(400);
    expect(
      (await api(t.s, t.leadCommittee)('PATCH', '/api/plans/nope', { add: ['b'] })).status,
    ).toBe(404);

    // Before being added, b's committee cannot open the plan; after, it can write it.
    const before = connectClient(t.s.wsUrl, 'plan:p2', { token: t.pairedCommittee });
    expect((await nextClose(before.provider)).code).toBe(CLOSE.forbidden);
    const added = await api(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { add: ['b', 'd'] });
    expect(added.body).toEqual({ id: 'p2', leadBranchId: 'a', branchIds: ['a', 'b', 'd'] });
    const after = connectClient(t.s.wsUrl, 'plan:p2', { token: t.pairedCommittee });
    await whenSynced(after.provider);
    const removed = await api(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { remove: ['d'] });
    expect(removed.body.branchIds).toEqual(['a', 'b']);
    const dRefused = connectClient(t.s.wsUrl, 'plan:p2', { token: d });
    expect((await nextClose(dRefused.provider)).code).toBe(CLOSE.forbidden);
  });

  it("never shows a paired branch the other's roster, study logs or branch document", async () => {
    const t = await threeBranches();
    await api(t.s, t.leadCommittee)('POST', '/api/plans', {
      id: 'p3',
      leadBranch: 'a',
      branches: ['b'],
    });
    expect((await api(t.s, t.pairedCommittee)('GET', '/api/branches/a/members')).status).toBe(403);
    for (const doc of ['branch:a', 'study:a1', 'study:a2']) {
      const client = connectClient(t.s.wsUrl, doc, { token: t.pairedCommittee });
      expect((await nextClose(client.provider)).code).toBe(CLOSE.forbidden);
    }
    const plan = connectClient(t.s.wsUrl, 'plan:p3', { token: t.pairedMember });
    await whenSynced(plan.provider);
  });
});

describe('lesson registry API', () => {
  it('registers a lesson for its author with co-authors from the branch', async () => {
    const t = await threeBranches();
    const asAuthor = api(t.s, t.leadMember);
    expect((await asAuthor('POST', '/api/lessons', { id: 'l1', branch: 'b' })).status).toBe(403);
    expect(
      (await asAuthor('POST', '/api/lessons', { id: 'l1', branch: 'a', coAuthors: ['b1'] })).status,
    ).toBe(400);
    const created = await asAuthor('POST', '/api/lessons', {
      id: 'l1',
      branch: 'a',
      coAuthors: ['a1'],
    });
    expect(created).toEqual({
      status: 201,
      body: { id: 'l1', authorId: 'a2', branchId: 'a', coAuthorIds: ['a1'] },
    });
    expect(
      (await api(t.s, t.leadCommittee)('POST', '/api/lessons', { id: 'l1', branch: 'a' })).status,
    ).toBe(409);
    expect(
      (await api(t.s, t.leadCommittee)('PATCH', '/api/lessons/l1', { coAuthors: [] })).status,
    ).toBe(403);
    expect(
      (await asAuthor('PATCH', '/api/lessons/l1', { coAuthors: ['a0'] })).body.coAuthorIds,
    ).toEqual(['a0']);
    expect((await api(t.s, t.leadSecretary)('GET', '/api/lessons')).body.lessons).toHaveLength(1);
  });
});

describe('pairings API', () => {
  it('rotates the monthly lead by default and lets a secretary choose it', async () => {
    const t = await threeBranches();
    const pairings = await api(t.s, t.leadCommittee)('GET', '/api/pairings?month=2026-05');
    const [pairing] = pairings.body.pairings as {
      id: string;
      lead: string;
      branches: { id: string }[];
    }[];
    expect(pairing?.lead).toBe(defaultLead(['a', 'b'], '2026-05'));
    expect(defaultLead(['a', 'b'], '2026-05')).not.toBe(defaultLead(['a', 'b'], '2026-06'));
    expect(
      (
        await api(t.s, t.leadCommittee)('PUT', `/api/pairings/${pairing?.id}/leads/2026-05`, {
          branch: 'b',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(t.s, t.leadSecretary)('PUT', `/api/pairings/${pairing?.id}/leads/2026-5`, {
          branch: 'b',
        })
      ).status,
    ).toBe(400);
    const chosen = await api(t.s, t.leadSecretary)(
      'PUT',
      `/api/pairings/${pairing?.id}/leads/2026-05`,
      { branch: 'b' },
    );
    expect(chosen.body.lead).toBe('b');
    expect(
      (
        await api(t.s, t.outsider)('PUT', `/api/pairings/${pairing?.id}/leads/2026-05`, {
          branch: 'a',
        })
      ).status,
    ).toBe(403);
  });

  it('lets a secretary pair their branch, and nobody else', async () => {
    const t = await threeBranches();
    expect(
      (await api(t.s, t.leadCommittee)('POST', '/api/pairings', { branches: ['a', 'c'] })).status,
    ).toBe(403);
    expect((await api(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c'] })).status).toBe(
      400,
    );
    expect(
      (await api(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c', 'zz'] })).status,
    ).toBe(404);
    const made = await api(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c', 'a'] });
    expect(made.status).toBe(201);
    expect(await t.s.auth.pairedBranches('c')).toEqual(['a']);
  });
});
