import { describe, expect, it } from 'vitest';
import { defaultLead } from '@branchbook/model';
import { call, connectClient, whenSynced, type AuthTestServer } from './helpers.ts';
import { outcome, roleWorld, type RoleWorld } from './role-world.ts';

/**
 * Issue 14, item 5: pairings proposed by one branch's secretary and answered by the other's,
 * ended by either, with the month's lead chosen by either — every endpoint × every role.
 */

const WHO = [
  'secretary',
  'organisation',
  'committee',
  'member',
  'otherSecretary',
  'otherMember',
  'thirdSecretary',
  'organiser',
  'signedOut',
] as const;
type Who = (typeof WHO)[number];

interface ProposalView {
  id: string;
  from: { id: string; name: string };
  proposedBy: string;
  proposedAt: string;
  accepted: { id: string }[];
  invited: { id: string }[];
}
interface PairingsAnswer {
  pairings: { id: string; branches: { id: string; name: string }[]; lead: string; leads: object }[];
  proposals: ProposalView[];
}

/**
 * `home` (第一支部: secretary, 组织委员, a committee member, a member) and `other` (第二支部:
 * secretary, member) are not paired yet; `third` (考古所支部) has a secretary and no tie to
 * either; the organiser is the institution's.
 */
type World = RoleWorld<Who>;

async function world(): Promise<World> {
  return roleWorld(
    { home: '第一支部', other: '第二支部', third: '考古所支部' },
    {
      secretary: { branch: 'home', user: 'sec', role: 'secretary', name: '李书记' },
      organisation: {
        branch: 'home',
        user: 'zz',
        role: 'committee',
        name: '组织委员',
        duty: 'organisation',
      },
      committee: { branch: 'home', user: 'xc', role: 'committee', name: '宣传委员' },
      member: { branch: 'home', user: 'mem', role: 'member', name: '党员甲' },
      otherSecretary: { branch: 'other', user: 'sec2', role: 'secretary', name: '王书记' },
      otherMember: { branch: 'other', user: 'mem2', role: 'member', name: '党员乙' },
      thirdSecretary: { branch: 'third', user: 'sec3', role: 'secretary', name: '赵书记' },
      organiser: 'organiser',
      signedOut: 'signedOut',
    },
  );
}

/**
 * Each caller's outcome of one request, each in a world of its own made by `prepare` (the
 * request changes things: one caller's success must not decide the next caller's answer).
 */
async function eachInOwnWorld(
  prepare: (w: World) => Promise<{
    method: string;
    path: string;
    body?: unknown;
  }>,
): Promise<Record<Who, string>> {
  const got = {} as Record<Who, string>;
  for (const who of WHO) {
    const w = await world();
    const { method, path, body } = await prepare(w);
    got[who] = outcome(await call(w.s, method, path, { token: w.tokens[who], body }));
  }
  return got;
}

async function propose(w: World, branches = ['home', 'other']) {
  const made = await call(w.s, 'POST', '/api/pairings', {
    token: w.tokens.secretary,
    body: { branches },
  });
  expect(made.status).toBe(201);
  const proposal = (made.body as PairingsAnswer).proposals[0];
  if (!proposal) throw new Error('no proposal made');
  return proposal.id;
}

async function accepted(w: World) {
  const id = await propose(w);
  const answer = await call(w.s, 'POST', `/api/pairings/${id}/answer`, {
    token: w.tokens.otherSecretary,
    body: { branch: 'other', accept: true },
  });
  expect(answer.status).toBe(200);
  return id;
}

const SIGNED_OUT = '401 sign_in_required';
const NOT_SECRETARY = '403 not_secretary';

/** Every caller's outcome when only `allowed` may: the others signed in are not the secretary. */
function onlyFor(allowed: Partial<Record<Who, string>>): Record<Who, string> {
  const got = {} as Record<Who, string>;
  for (const who of WHO)
    got[who] = allowed[who] ?? (who === 'signedOut' ? SIGNED_OUT : NOT_SECRETARY);
  return got;
}

describe('every pairing endpoint × every role', () => {
  it('GET /api/pairings/directory: secretaries of any branch, names only', async () => {
    const { s, tokens } = await world();
    const got: Record<string, string> = {};
    for (const who of WHO) {
      got[who] = outcome(
        await call(s, 'GET', `/api/pairings/directory?name=${encodeURIComponent('支部')}`, {
          token: tokens[who],
        }),
      );
    }
    expect(got).toEqual(
      onlyFor({ secretary: '200', otherSecretary: '200', thirdSecretary: '200' }),
    );
    // Names and ids, never rosters or headcounts; not the caller's own branch.
    const found = await call(
      s,
      'GET',
      `/api/pairings/directory?name=${encodeURIComponent('支部')}`,
      {
        token: tokens.secretary,
      },
    );
    // In pinyin order: 第二 (dì èr) before 考古 (kǎo gǔ).
    expect(found.body).toEqual({
      branches: [
        { id: 'other', name: '第二支部' },
        { id: 'third', name: '考古所支部' },
      ],
    });
    expect(
      (
        await call(s, 'GET', `/api/pairings/directory?name=${encodeURIComponent('考古')}`, {
          token: tokens.secretary,
        })
      ).body,
    ).toEqual({ branches: [{ id: 'third', name: '考古所支部' }] });
    expect(
      (await call(s, 'GET', '/api/pairings/directory', { token: tokens.thirdSecretary })).body,
    ).toEqual({
      branches: [
        { id: 'other', name: '第二支部' },
        { id: 'home', name: '第一支部' },
      ],
    });
    expect(
      outcome(
        await call(s, 'GET', `/api/pairings/directory?name=${'长'.repeat(65)}`, {
          token: tokens.secretary,
        }),
      ),
    ).toBe('400 invalid_query');
  });

  it.each([
    {
      name: 'POST /api/pairings: a secretary of one of the branches proposes',
      request: () =>
        Promise.resolve({
          method: 'POST',
          path: '/api/pairings',
          body: { branches: ['home', 'other'] },
        }),
      // Either side may propose: from `other` to `home`.
      allowed: { secretary: '201', otherSecretary: '201' },
    },
    {
      name: 'POST /api/pairings/<id>/answer: the asked branch’s secretary, for that branch',
      request: async (w: World) => ({
        method: 'POST',
        path: `/api/pairings/${await propose(w)}/answer`,
        body: { branch: 'other', accept: true },
      }),
      allowed: { otherSecretary: '200' },
    },
    {
      name: 'POST /api/pairings/<id>/end: a secretary of a paired branch',
      request: async (w: World) => ({
        method: 'POST',
        path: `/api/pairings/${await accepted(w)}/end`,
      }),
      allowed: { secretary: '200', otherSecretary: '200' },
    },
    {
      name: 'PUT /api/pairings/<id>/leads/<month>: a secretary of a paired branch',
      request: async (w: World) => ({
        method: 'PUT',
        path: `/api/pairings/${await accepted(w)}/leads/2027-01`,
        body: { branch: 'other' },
      }),
      allowed: { secretary: '200', otherSecretary: '200' },
    },
  ])('$name', async ({ request, allowed }) => {
    expect(await eachInOwnWorld(request)).toEqual(onlyFor(allowed));
  });

  it('GET /api/pairings: every member of the branches in it sees a proposal; nobody else', async () => {
    const w = await world();
    const id = await propose(w);
    const seen: Record<string, string> = {};
    for (const who of WHO) {
      const answer = await call(w.s, 'GET', '/api/pairings', { token: w.tokens[who] });
      seen[who] =
        answer.status === 200
          ? `${(answer.body as PairingsAnswer).proposals.length} proposal, ${(answer.body as PairingsAnswer).pairings.length} pairing`
          : outcome(answer);
    }
    const one = '1 proposal, 0 pairing';
    const none = '0 proposal, 0 pairing';
    expect(seen).toEqual({
      secretary: one,
      organisation: one,
      committee: one,
      member: one,
      otherSecretary: one,
      otherMember: one,
      thirdSecretary: none,
      organiser: none,
      signedOut: SIGNED_OUT,
    });
    const asked = (await call(w.s, 'GET', '/api/pairings', { token: w.tokens.otherMember }))
      .body as PairingsAnswer;
    // What the inbox needs: who proposed, from which branch, when; who is still to answer.
    expect(asked.proposals).toEqual([
      {
        id,
        from: { id: 'home', name: '第一支部' },
        proposedBy: '李书记',
        proposedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        accepted: [{ id: 'home', name: '第一支部' }],
        invited: [{ id: 'other', name: '第二支部' }],
      },
    ]);
    expect(Date.now() - Date.parse(asked.proposals[0]?.proposedAt ?? '')).toBeLessThan(60_000);
  });
});

/** The kinds and details of the caller's inbox, oldest first. */
async function inbox(s: AuthTestServer, token: string | undefined): Promise<string[]> {
  const answer = (await call(s, 'GET', '/api/inbox', { ...(token ? { token } : {}) })).body as {
    events: { kind: string; detail?: string; actorName: string }[];
  };
  return answer.events
    .filter((e) => e.kind.startsWith('pairing.'))
    .map((e) => `${e.kind} ${e.detail ?? ''} by ${e.actorName}`);
}

describe('a pairing from proposal to end', () => {
  it('A proposes, B accepts, B sets next month’s lead, A sees it; a plan includes B; ending keeps the plan readable', async () => {
    const w = await world();
    const { s, tokens } = w;
    const id = await propose(w);
    // Not paired before B answers: a plan led by home cannot include other yet.
    const early = await call(s, 'POST', '/api/plans', {
      token: tokens.committee,
      body: { id: 'early', leadBranch: 'home', branches: ['other'] },
    });
    expect(outcome(early)).toBe('403 not_paired');
    expect(
      outcome(
        await call(s, 'PUT', `/api/pairings/${id}/leads/2027-01`, {
          token: tokens.secretary,
          body: { branch: 'home' },
        }),
      ),
    ).toBe('404 not_found');
    // home has accepted (it proposed): answering for it again is refused.
    expect(
      outcome(
        await call(s, 'POST', `/api/pairings/${id}/answer`, {
          token: tokens.secretary,
          body: { branch: 'home', accept: true },
        }),
      ),
    ).toBe('409 conflict');
    // A branch not in the proposal: as if there were none.
    expect(
      outcome(
        await call(s, 'POST', `/api/pairings/${id}/answer`, {
          token: tokens.thirdSecretary,
          body: { branch: 'third', accept: true },
        }),
      ),
    ).toBe('404 not_found');

    // The inbox of the asked branch's committee: 第一支部 proposes (not its plain members').
    expect(await inbox(s, tokens.otherSecretary)).toEqual(['pairing.proposed 第一支部 by 李书记']);
    expect(await inbox(s, tokens.otherMember)).toEqual([]);
    expect(await inbox(s, tokens.thirdSecretary)).toEqual([]);

    const answered = await call(s, 'POST', `/api/pairings/${id}/answer`, {
      token: tokens.otherSecretary,
      body: { branch: 'other', accept: true },
    });
    expect(answered.status).toBe(200);
    expect(await inbox(s, tokens.secretary)).toEqual(['pairing.accepted 第二支部 by 王书记']);
    expect((answered.body as PairingsAnswer).proposals).toEqual([]);
    expect((answered.body as PairingsAnswer).pairings.map((p) => p.id)).toEqual([id]);
    expect(
      outcome(
        await call(s, 'POST', `/api/pairings/${id}/answer`, {
          token: tokens.otherSecretary,
          body: { branch: 'other', accept: false },
        }),
      ),
    ).toBe('409 conflict');

    // B's secretary sets a month's lead; A's member reads it, and the rotation for the others.
    const month = '2027-02';
    const rotation = defaultLead(['home', 'other'], month);
    const chosen = rotation === 'home' ? 'other' : 'home';
    const set = await call(s, 'PUT', `/api/pairings/${id}/leads/${month}`, {
      token: tokens.otherSecretary,
      body: { branch: chosen },
    });
    expect(set.body).toMatchObject({ lead: chosen, leads: { [month]: chosen } });
    const seen = (await call(s, 'GET', `/api/pairings?month=${month}`, { token: tokens.member }))
      .body as PairingsAnswer;
    expect(seen.pairings).toEqual([
      {
        id,
        branches: [
          { id: 'home', name: '第一支部' },
          { id: 'other', name: '第二支部' },
        ],
        month,
        lead: chosen,
        leads: { [month]: chosen },
      },
    ]);

    // Paired: home's committee registers a plan with other.
    const plan = await call(s, 'POST', '/api/plans', {
      token: tokens.committee,
      body: { id: 'joint', leadBranch: 'home', branches: ['other'] },
    });
    expect(plan.status).toBe(201);

    const ended = await call(s, 'POST', `/api/pairings/${id}/end`, {
      token: tokens.otherSecretary,
    });
    expect(ended.body).toEqual({ pairings: [], proposals: [] });
    // Every member of the other side hears it ended, once.
    expect(await inbox(s, tokens.member)).toEqual(['pairing.ended 第二支部 by 王书记']);
    expect(await inbox(s, tokens.otherMember)).toEqual([]);
    expect((await call(s, 'GET', '/api/pairings', { token: tokens.secretary })).body).toEqual({
      pairings: [],
      proposals: [],
    });
    // Ended: no new plan with other, no new lead, no second end.
    expect(
      outcome(
        await call(s, 'POST', '/api/plans', {
          token: tokens.committee,
          body: { id: 'later', leadBranch: 'home', branches: ['other'] },
        }),
      ),
    ).toBe('403 not_paired');
    expect(
      outcome(
        await call(s, 'PATCH', '/api/plans/joint', {
          token: tokens.committee,
          body: { add: ['other'] },
        }),
      ),
    ).toBe('403 not_paired');
    expect(
      outcome(
        await call(s, 'PUT', `/api/pairings/${id}/leads/${month}`, {
          token: tokens.secretary,
          body: { branch: 'home' },
        }),
      ),
    ).toBe('404 not_found');
    expect(
      outcome(await call(s, 'POST', `/api/pairings/${id}/end`, { token: tokens.secretary })),
    ).toBe('404 not_found');

    // The plan made together stays: listed for other, readable by other's member over /sync.
    const plans = (await call(s, 'GET', '/api/plans', { token: tokens.otherMember })).body as {
      plans: { id: string; branchIds: string[] }[];
    };
    expect(plans.plans).toEqual([
      { id: 'joint', leadBranchId: 'home', branchIds: ['home', 'other'] },
    ]);
    const reader = connectClient(s.wsUrl, 'plan:joint', { token: tokens.otherMember ?? '' });
    await whenSynced(reader.provider);
    expect(reader.provider.wsconnected).toBe(true);
    // And the lead branch may still change its other branches as before (removing is no pairing).
    expect(
      outcome(
        await call(s, 'PATCH', '/api/plans/joint', {
          token: tokens.committee,
          body: { remove: [] },
        }),
      ),
    ).toBe('200');
  });

  it('1+1+X: active once two accepted; a third asked branch still answers; declining leaves the rest', async () => {
    const w = await world();
    const { s, tokens } = w;
    const id = await propose(w, ['home', 'other', 'third']);
    await call(s, 'POST', `/api/pairings/${id}/answer`, {
      token: tokens.otherSecretary,
      body: { branch: 'other', accept: true },
    });
    const mid = (await call(s, 'GET', '/api/pairings', { token: tokens.secretary }))
      .body as PairingsAnswer;
    expect(mid.pairings.map((p) => p.branches.map((b) => b.id))).toEqual([['home', 'other']]);
    expect(mid.proposals.map((p) => p.invited.map((b) => b.id))).toEqual([['third']]);
    const third = (await call(s, 'GET', '/api/pairings', { token: tokens.thirdSecretary }))
      .body as PairingsAnswer;
    expect(third.pairings).toEqual([]);
    expect(third.proposals.map((p) => p.accepted.map((b) => b.id))).toEqual([['home', 'other']]);
    const declined = await call(s, 'POST', `/api/pairings/${id}/answer`, {
      token: tokens.thirdSecretary,
      body: { branch: 'third', accept: false },
    });
    expect(declined.body).toEqual({ pairings: [], proposals: [] });
    expect(await s.auth.pairedBranches('home')).toEqual(['other']);
    expect(await s.auth.pairedBranches('third')).toEqual([]);
    expect(await inbox(s, tokens.otherSecretary)).toEqual([
      'pairing.proposed 第一支部 by 李书记',
      'pairing.declined 考古所支部 by 赵书记',
    ]);
  });

  it('a proposal declined by the only branch asked, or withdrawn, pairs nothing and is gone', async () => {
    const w = await world();
    const { s, tokens } = w;
    const id = await propose(w);
    const no = await call(s, 'POST', `/api/pairings/${id}/answer`, {
      token: tokens.otherSecretary,
      body: { branch: 'other', accept: false },
    });
    expect(no.body).toEqual({ pairings: [], proposals: [] });
    expect((await call(s, 'GET', '/api/pairings', { token: tokens.secretary })).body).toEqual({
      pairings: [],
      proposals: [],
    });
    // Declined: it may be proposed again; withdrawn by its proposer before any answer.
    const again = await propose(w);
    expect(
      outcome(await call(s, 'POST', `/api/pairings/${again}/end`, { token: tokens.secretary })),
    ).toBe('200');
    expect(
      outcome(
        await call(s, 'POST', `/api/pairings/${again}/answer`, {
          token: tokens.otherSecretary,
          body: { branch: 'other', accept: true },
        }),
      ),
    ).toBe('404 not_found');
    expect(await s.auth.pairedBranches('home')).toEqual([]);
  });
});

describe('an outside branch joins by a pairing invite', () => {
  it('POST /api/pairings/invites: the secretary of one of our branches, for it', async () => {
    expect(
      await eachInOwnWorld(() =>
        Promise.resolve({
          method: 'POST',
          path: '/api/pairings/invites',
          body: { branch: 'home' },
        }),
      ),
    ).toEqual({
      secretary: '201',
      organisation: NOT_SECRETARY,
      committee: NOT_SECRETARY,
      member: NOT_SECRETARY,
      otherSecretary: NOT_SECRETARY,
      otherMember: NOT_SECRETARY,
      thirdSecretary: NOT_SECRETARY,
      organiser: NOT_SECRETARY,
      signedOut: SIGNED_OUT,
    });
  });

  it('redeeming makes their branch, outside ours, with them as secretary, paired at once; they never see our directory', async () => {
    const w = await world();
    const { s, tokens } = w;
    const made = await call(s, 'POST', '/api/pairings/invites', {
      token: tokens.secretary,
      body: { branch: 'home', days: 30 },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ branchId: 'home', role: 'secretary' });
    const code = made.body.code as string;
    // Not among the branch's member invites (the invites screen).
    expect(
      (await call(s, 'GET', '/api/branches/home/invites', { token: tokens.secretary })).body,
    ).toEqual({ branchId: 'home', invites: [] });

    // Without a branch name the invite is refused, and not used up.
    expect(outcome(await call(s, 'POST', '/api/redeem', { body: { code, name: '孙书记' } }))).toBe(
      '400 invalid_request',
    );
    const joined = await call(s, 'POST', '/api/redeem', {
      body: { code, name: '孙书记', branch: '省考古院第三党支部' },
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ name: '孙书记', role: 'secretary' });
    const far = joined.body.branchId as string;
    const token = joined.body.token as string;
    expect(
      outcome(
        await call(s, 'POST', '/api/redeem', {
          body: { code, name: '另一人', branch: '又一支部' },
        }),
      ),
    ).toBe('404 not_found');

    // Paired at once (redeeming is accepting); both sides list it; home's committee is told.
    expect(await s.auth.pairedBranches('home')).toEqual([far]);
    const theirs = (await call(s, 'GET', '/api/pairings', { token })).body as PairingsAnswer;
    expect(theirs.pairings.map((p) => p.branches.map((b) => b.name).sort())).toEqual([
      ['省考古院第三党支部', '第一支部'].sort(),
    ]);
    expect(await inbox(s, tokens.secretary)).toEqual([
      'pairing.accepted 省考古院第三党支部 by 孙书记',
    ]);
    expect((await call(s, 'GET', '/api/me', { token })).body).toMatchObject({
      branches: [{ branchId: far, name: '省考古院第三党支部', role: 'secretary', outside: true }],
    });

    // Outside: no directory search, no proposals, no invites of ours; not in our directory.
    expect(outcome(await call(s, 'GET', '/api/pairings/directory', { token }))).toBe(NOT_SECRETARY);
    expect(
      outcome(
        await call(s, 'POST', '/api/pairings', { token, body: { branches: [far, 'other'] } }),
      ),
    ).toBe(NOT_SECRETARY);
    expect(
      outcome(await call(s, 'POST', '/api/pairings/invites', { token, body: { branch: far } })),
    ).toBe(NOT_SECRETARY);
    const found = (
      await call(s, 'GET', '/api/pairings/directory', { token: tokens.otherSecretary })
    ).body as { branches: { name: string }[] };
    expect(found.branches.map((b) => b.name)).not.toContain('省考古院第三党支部');
    const directory = (await call(s, 'GET', '/api/institution', { token: tokens.organiser }))
      .body as { branches: { id: string }[] };
    expect(directory.branches.map((b) => b.id)).not.toContain(far);
    // Nor may one of ours propose to it by id: it pairs by invite only.
    expect(
      outcome(
        await call(s, 'POST', '/api/pairings', {
          token: tokens.otherSecretary,
          body: { branches: ['other', far] },
        }),
      ),
    ).toBe('403 unknown_branch');

    // Inside the pairing they act as any paired secretary: a month's lead, a joint plan, the end.
    const id = theirs.pairings[0]?.id ?? '';
    expect(
      outcome(
        await call(s, 'PUT', `/api/pairings/${id}/leads/2027-03`, { token, body: { branch: far } }),
      ),
    ).toBe('200');
    expect(
      outcome(
        await call(s, 'POST', '/api/plans', {
          token,
          body: { id: 'farplan', leadBranch: far, branches: ['home'] },
        }),
      ),
    ).toBe('201');
    expect(outcome(await call(s, 'POST', `/api/pairings/${id}/end`, { token }))).toBe('200');
    expect(await s.auth.pairedBranches(far)).toEqual([]);
  });
});
