import { describe, expect, it } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { defaultLead } from '@branchbook/model';
import { apiAs, connectClient, nextClose, startAuthServer, whenSynced } from './helpers.ts';

/** Status and error code of a refusal. */
const refused = (answer: { status: number; code: unknown }) => [answer.status, answer.code];

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
    const asLead = apiAs(t.s, t.leadCommittee);
    expect(
      refused(
        await apiAs(t.s, null)('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: ['b'],
        }),
      ),
    ).toEqual([401, 'sign_in_required']);
    expect(refused(await asLead('POST', '/api/plans', '{not json'))).toEqual([400, 'invalid_json']);
    expect(
      refused(await asLead('POST', '/api/plans', { id: 'bad id', leadBranch: 'a', branches: [] })),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: 'b' })),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(
        await asLead('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: Array.from({ length: 21 }, (_, i) => `b${i}`),
        }),
      ),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(
        await apiAs(t.s, t.leadMember)('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: ['b'],
        }),
      ),
    ).toEqual([403, 'not_committee']);
    expect(
      refused(
        await apiAs(t.s, t.pairedCommittee)('POST', '/api/plans', {
          id: 'p1',
          leadBranch: 'a',
          branches: ['b'],
        }),
      ),
    ).toEqual([403, 'not_committee']);
    const unpaired = await asLead('POST', '/api/plans', {
      id: 'p1',
      leadBranch: 'a',
      branches: ['b', 'c'],
    });
    expect(refused(unpaired)).toEqual([403, 'not_paired']);
    expect((unpaired.body.error as { message: string }).message).toContain('c');

    const created = await asLead('POST', '/api/plans', {
      id: 'p1',
      leadBranch: 'a',
      branches: ['b'],
    });
    expect(created).toEqual({
      status: 201,
      code: undefined,
      body: { id: 'p1', leadBranchId: 'a', branchIds: ['a', 'b'] },
    });
    // A retry of the same registration (offline device, lost answer) is idempotent.
    expect(
      (await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: ['b'] })).status,
    ).toBe(200);
    expect(
      refused(await asLead('POST', '/api/plans', { id: 'p1', leadBranch: 'a', branches: [] })),
    ).toEqual([409, 'conflict']);
    const listed = await apiAs(t.s, t.pairedMember)('GET', '/api/plans');
    expect(listed.body.plans).toEqual([created.body]);
    // Every branch a plan names comes with its name: the app never shows an id.
    expect(listed.body.branches).toEqual([
      { id: 'a', name: '支部 a' },
      { id: 'b', name: '支部 b' },
    ]);
    expect((await apiAs(t.s, t.outsider)('GET', '/api/plans')).body).toEqual({
      plans: [],
      branches: [],
    });
  });

  it('lets only the lead committee add or remove branches later, paired ones only', async () => {
    const t = await threeBranches();
    const d = await t.s.member('d', 'd1', 'committee');
    await t.s.auth.pair(['a', 'd']);
    await apiAs(t.s, t.leadCommittee)('POST', '/api/plans', {
      id: 'p2',
      leadBranch: 'a',
      branches: [],
    });
    expect(
      refused(await apiAs(t.s, t.pairedCommittee)('PATCH', '/api/plans/p2', { add: ['b'] })),
    ).toEqual([403, 'not_committee']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { add: ['c'] })),
    ).toEqual([403, 'not_paired']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { remove: ['a'] })),
    ).toEqual([400, 'lead_branch_required']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { add: 'b' })),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/nope', { add: ['b'] })),
    ).toEqual([404, 'not_found']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/bad%20id', { add: ['b'] })),
    ).toEqual([400, 'bad_path']);

    // Before being added, b's committee cannot open the plan; after, it can write it.
    const before = connectClient(t.s.wsUrl, 'plan:p2', { token: t.pairedCommittee });
    expect((await nextClose(before.provider)).code).toBe(CLOSE.forbidden);
    const added = await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { add: ['b', 'd'] });
    expect(added.body).toEqual({ id: 'p2', leadBranchId: 'a', branchIds: ['a', 'b', 'd'] });
    const after = connectClient(t.s.wsUrl, 'plan:p2', { token: t.pairedCommittee });
    await whenSynced(after.provider);
    const removed = await apiAs(t.s, t.leadCommittee)('PATCH', '/api/plans/p2', { remove: ['d'] });
    expect(removed.body.branchIds).toEqual(['a', 'b']);
    const dRefused = connectClient(t.s.wsUrl, 'plan:p2', { token: d });
    expect((await nextClose(dRefused.provider)).code).toBe(CLOSE.forbidden);
  });

  it("never shows a paired branch the other's roster, study logs or branch document", async () => {
    const t = await threeBranches();
    await apiAs(t.s, t.leadCommittee)('POST', '/api/plans', {
      id: 'p3',
      leadBranch: 'a',
      branches: ['b'],
    });
    expect(refused(await apiAs(t.s, t.pairedCommittee)('GET', '/api/branches/a/members'))).toEqual([
      403,
      'not_a_member',
    ]);
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
    const asAuthor = apiAs(t.s, t.leadMember);
    expect(refused(await asAuthor('POST', '/api/lessons', { id: 'l1', branch: 'b' }))).toEqual([
      403,
      'not_a_member',
    ]);
    expect(
      refused(await asAuthor('POST', '/api/lessons', { id: 'l1', branch: 'a', coAuthors: ['b1'] })),
    ).toEqual([400, 'not_branch_members']);
    expect(refused(await asAuthor('POST', '/api/lessons', { id: 'l1' }))).toEqual([
      400,
      'invalid_body',
    ]);
    const created = await asAuthor('POST', '/api/lessons', {
      id: 'l1',
      branch: 'a',
      coAuthors: ['a1'],
    });
    expect(created).toEqual({
      status: 201,
      code: undefined,
      body: {
        id: 'l1',
        authorId: 'a2',
        branchId: 'a',
        coAuthorIds: ['a1'],
        review: { status: 'draft', by: '', byName: '', at: 0, note: '' },
      },
    });
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('POST', '/api/lessons', { id: 'l1', branch: 'a' })),
    ).toEqual([409, 'conflict']);
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('PATCH', '/api/lessons/l1', { coAuthors: [] })),
    ).toEqual([403, 'not_author']);
    expect(refused(await asAuthor('PATCH', '/api/lessons/nope', { coAuthors: [] }))).toEqual([
      404,
      'not_found',
    ]);
    expect(refused(await asAuthor('PATCH', '/api/lessons/l1', { coAuthors: ['b1'] }))).toEqual([
      400,
      'not_branch_members',
    ]);
    expect(refused(await asAuthor('PATCH', '/api/lessons/l1', {}))).toEqual([400, 'invalid_body']);
    expect(
      (await asAuthor('PATCH', '/api/lessons/l1', { coAuthors: ['a0'] })).body.coAuthorIds,
    ).toEqual(['a0']);
    expect((await apiAs(t.s, t.leadSecretary)('GET', '/api/lessons')).body.lessons).toHaveLength(1);
  });
});

describe('lesson review API', () => {
  it('lets writers submit and reopen, the committee approve and return, nobody else', async () => {
    const t = await threeBranches();
    await apiAs(t.s, t.leadMember)('POST', '/api/lessons', { id: 'l1', branch: 'a' });
    const review = (token: string | null, body: unknown) =>
      apiAs(t.s, token)('POST', '/api/lessons/l1/review', body);
    const asAuthor = (body: unknown) => review(t.leadMember, body);
    const asCommittee = (body: unknown) => review(t.leadCommittee, body);

    expect(refused(await review(null, { from: 'draft', status: 'submitted' }))).toEqual([
      401,
      'sign_in_required',
    ]);
    expect(refused(await asAuthor({ from: 'draft', status: 'published' }))).toEqual([
      400,
      'invalid_body',
    ]);
    expect(refused(await asCommittee({ from: 'draft', status: 'submitted' }))).toEqual([
      403,
      'not_writer',
    ]);
    expect(refused(await asAuthor({ from: 'draft', status: 'approved' }))).toEqual([
      400,
      'review_not_allowed',
    ]);
    const submitted = await asAuthor({ from: 'draft', status: 'submitted' });
    expect(submitted.body.review).toMatchObject({ status: 'submitted', by: 'a2' });
    // A second device that still saw the draft gets told, not a silent double step.
    expect(refused(await asAuthor({ from: 'draft', status: 'submitted' }))).toEqual([
      409,
      'review_changed',
    ]);
    expect(refused(await asAuthor({ from: 'submitted', status: 'approved' }))).toEqual([
      403,
      'not_reviewer',
    ]);
    expect(
      refused(await review(t.pairedCommittee, { from: 'submitted', status: 'approved' })),
    ).toEqual([403, 'not_reviewer']);
    const returned = await asCommittee({ from: 'submitted', status: 'draft', note: '请补充案例' });
    expect(returned.body.review).toMatchObject({
      status: 'draft',
      by: 'a1',
      byName: '成员 a1',
      note: '请补充案例',
    });
    expect((returned.body.review as { at: number }).at).toBeGreaterThan(0);
    await asAuthor({ from: 'draft', status: 'submitted' });
    expect((await asCommittee({ from: 'submitted', status: 'approved' })).status).toBe(200);
    expect(refused(await asCommittee({ from: 'approved', status: 'draft' }))).toEqual([
      403,
      'not_writer',
    ]);
    expect((await asAuthor({ from: 'approved', status: 'draft' })).body.review).toMatchObject({
      status: 'draft',
    });
    // Everyone who lists the draft sees the registry's review.
    const listed = await apiAs(t.s, t.leadSecretary)('GET', '/api/lessons');
    const [first] = listed.body.lessons as { review: unknown }[];
    expect(first?.review).toMatchObject({ status: 'draft', by: 'a2' });
    expect(
      refused(
        await review(t.leadMember, { from: 'draft', status: 'submitted', note: 'x'.repeat(501) }),
      ),
    ).toEqual([400, 'invalid_body']);
  });
});

describe('pairings API', () => {
  it('rotates the monthly lead by default and lets a secretary choose it', async () => {
    const t = await threeBranches();
    const pairings = await apiAs(t.s, t.leadCommittee)('GET', '/api/pairings?month=2026-05');
    const [pairing] = pairings.body.pairings as {
      id: string;
      lead: string;
      branches: { id: string }[];
    }[];
    expect(pairing?.lead).toBe(defaultLead(['a', 'b'], '2026-05'));
    expect(defaultLead(['a', 'b'], '2026-05')).not.toBe(defaultLead(['a', 'b'], '2026-06'));
    expect(
      refused(
        await apiAs(t.s, t.leadCommittee)('PUT', `/api/pairings/${pairing?.id}/leads/2026-05`, {
          branch: 'b',
        }),
      ),
    ).toEqual([403, 'not_secretary']);
    expect(
      refused(
        await apiAs(t.s, t.leadSecretary)('PUT', `/api/pairings/${pairing?.id}/leads/2026-5`, {
          branch: 'b',
        }),
      ),
    ).toEqual([400, 'bad_path']);
    expect(
      refused(
        await apiAs(t.s, t.leadSecretary)('PUT', `/api/pairings/${pairing?.id}/leads/2026-05`, {
          branch: 'c',
        }),
      ),
    ).toEqual([400, 'not_in_pairing']);
    expect(
      refused(
        await apiAs(t.s, t.leadSecretary)('PUT', '/api/pairings/nope/leads/2026-05', {
          branch: 'a',
        }),
      ),
    ).toEqual([404, 'not_found']);
    expect(
      refused(await apiAs(t.s, t.leadSecretary)('GET', '/api/pairings?month=2026-13')),
    ).toEqual([400, 'invalid_query']);
    const chosen = await apiAs(t.s, t.leadSecretary)(
      'PUT',
      `/api/pairings/${pairing?.id}/leads/2026-05`,
      { branch: 'b' },
    );
    expect(chosen.body.lead).toBe('b');
    expect(
      refused(
        await apiAs(t.s, t.outsider)('PUT', `/api/pairings/${pairing?.id}/leads/2026-05`, {
          branch: 'a',
        }),
      ),
    ).toEqual([403, 'not_secretary']);
  });

  it('lets a secretary propose pairing their branch, and nobody else', async () => {
    const t = await threeBranches();
    expect(
      refused(await apiAs(t.s, t.leadCommittee)('POST', '/api/pairings', { branches: ['a', 'c'] })),
    ).toEqual([403, 'not_secretary']);
    expect(
      refused(await apiAs(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c'] })),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(await apiAs(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c', 'c'] })),
    ).toEqual([400, 'invalid_body']);
    expect(
      refused(await apiAs(t.s, t.outsider)('POST', '/api/pairings', { branches: ['c', 'zz'] })),
    ).toEqual([403, 'unknown_branch']);
    // A proposal pairs nothing yet: c is paired once a and b have answered.
    const made = await apiAs(t.s, t.outsider)('POST', '/api/pairings', {
      branches: ['c', 'a', 'b'],
    });
    expect(made.status).toBe(201);
    expect(await t.s.auth.pairedBranches('c')).toEqual([]);
    expect(
      refused(await apiAs(t.s, t.outsider)('POST', '/api/pairings', { branches: ['b', 'a', 'c'] })),
    ).toEqual([409, 'conflict']);
  });
});
