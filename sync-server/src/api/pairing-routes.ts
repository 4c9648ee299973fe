import {
  API,
  type PairingProposal,
  type PairingView,
  type PairingsResponse,
} from '@branchbook/protocol';
import { leadOfMonth, type Subject } from '@branchbook/model';
import type { AuthStore, Pairing } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { toBranches } from './inbox-events.ts';
import { DEFAULT_TIME_ZONE, monthIn } from '../time-zone.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';

/** Most branches a directory search answers with (an institution has dozens, not thousands). */
const DIRECTORY_LIMIT = 50;

/** Names in the order a Chinese reader looks them up (pinyin), whatever the database's collation. */
const BY_NAME = new Intl.Collator('zh-CN');

/** A pairing is active once two of its branches have accepted it. */
const isActive = (pairing: Pairing) => pairing.branchIds.length >= 2;

/** Branch names for every branch the pairings name (one store call for all). */
async function namesOf(auth: AuthStore, pairings: readonly Pairing[]) {
  const ids = [
    ...new Set(
      pairings.flatMap((p) => [
        ...p.branchIds,
        ...(p.invitedIds ?? []),
        ...(p.proposedBranchId ? [p.proposedBranchId] : []),
      ]),
    ),
  ];
  const names = new Map((await auth.branchesByIds(ids)).map((b) => [b.id, b.name]));
  return (id: string) => ({ id, name: names.get(id) ?? id });
}

/** Pairings as the app needs them: branch names and the month's lead. */
async function describe(
  auth: AuthStore,
  pairings: readonly Pairing[],
  month: string,
): Promise<PairingView[]> {
  const branch = await namesOf(auth, pairings);
  return pairings.map((pairing) => ({
    id: pairing.id,
    branches: pairing.branchIds.map(branch),
    month,
    // An active pairing has two branches or more, so the rotation always names one.
    lead: leadOfMonth(pairing.branchIds, pairing.leads ?? {}, month) ?? '',
    leads: pairing.leads ?? {},
  }));
}

/** Proposals still waiting for an answer: who proposed them, from where and when. */
async function describeProposals(
  auth: AuthStore,
  pairings: readonly Pairing[],
): Promise<PairingProposal[]> {
  const branch = await namesOf(auth, pairings);
  const proposers = [...new Set(pairings.flatMap((p) => (p.proposedBy ? [p.proposedBy] : [])))];
  const people = new Map(
    await Promise.all(
      proposers.map(async (id) => [id, (await auth.getUser(id))?.name ?? ''] as const),
    ),
  );
  return pairings.map((pairing) => ({
    id: pairing.id,
    from: branch(pairing.proposedBranchId ?? pairing.branchIds[0] ?? ''),
    proposedBy: pairing.proposedBy ? (people.get(pairing.proposedBy) ?? '') : '',
    proposedAt: new Date(pairing.createdAt ?? 0).toISOString(),
    accepted: pairing.branchIds.map(branch),
    invited: (pairing.invitedIds ?? []).map(branch),
  }));
}

/**
 * What `GET /api/pairings` answers the caller: the active pairings their branches are in, and the
 * proposals their branches made or were asked to answer.
 */
async function pairingsOf(
  auth: AuthStore,
  subject: Subject,
  month: string,
): Promise<PairingsResponse> {
  const mine = new Set(subject.memberships.map((m) => m.branchId));
  const all = await auth.pairingsOfBranches([...mine]);
  const active = all.filter((p) => isActive(p) && p.branchIds.some((b) => mine.has(b)));
  const waiting = all.filter((p) => (p.invitedIds ?? []).length > 0);
  return {
    pairings: await describe(auth, active, month),
    proposals: await describeProposals(auth, waiting),
  };
}

/**
 * An inbox event about a pairing for the committees (or members) of `to`, telling them about
 * `about` (the other side: its name is the event's detail, as the inbox's messages read it).
 */
async function tell(
  auth: AuthStore,
  event: {
    kind: 'pairing.proposed' | 'pairing.accepted' | 'pairing.declined' | 'pairing.ended';
    actorId: string;
    pairingId: string;
    about: string;
    audience: 'members' | 'committee';
    to: readonly string[];
  },
): Promise<void> {
  if (event.to.length === 0) return;
  const [about] = await auth.branchesByIds([event.about]);
  await auth.recordEvents(
    toBranches(
      {
        kind: event.kind,
        actorId: event.actorId,
        refId: event.pairingId,
        aboutBranchId: event.about,
        detail: about?.name ?? '',
      },
      event.audience,
      event.to,
    ),
  );
}

/** The first of `branchIds` whose secretary `subject` is (the side they act for). */
function sideOf(subject: Subject, branchIds: readonly string[]): string {
  return (
    branchIds.find((b) =>
      subject.memberships.some((m) => m.branchId === b && m.role === 'secretary'),
    ) ?? ''
  );
}

/** A pairing that has not ended, or 404 (an ended one is history, kept for its plans). */
async function openPairing(auth: AuthStore, id: string): Promise<Pairing> {
  const pairing = await auth.getPairing(id);
  if (!pairing || pairing.endedAt !== undefined) {
    throw new HttpError(404, 'not_found', 'no such pairing');
  }
  return pairing;
}

/**
 * Pairings (联建 "1+1+X") for secretaries: find the institution's branches by name, propose a
 * pairing, answer a proposal, end a pairing, and choose a month's lead. Only branch ids and names
 * cross branches here — never rosters or headcounts.
 */
export function pairingRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth } = deps;
  const thisMonth = () => monthIn(deps.timeZone ?? DEFAULT_TIME_ZONE);

  route(app, API.pairings, async ({ query, subject }) =>
    pairingsOf(auth, subject, query.month ?? thisMonth()),
  );

  route(app, API.pairingDirectory, async ({ query, subject }) => {
    requireMay(
      subject,
      'pairing.findBranches',
      {},
      'not_secretary',
      "only a branch's secretary looks for branches to pair with",
    );
    const mine = new Set(subject.memberships.map((m) => m.branchId));
    // One more than the limit, so leaving out the caller's own branches still fills the page.
    const found = await auth.findBranches((query.name ?? '').trim(), DIRECTORY_LIMIT + mine.size);
    return {
      branches: found
        .filter((b) => !mine.has(b.id))
        .slice(0, DIRECTORY_LIMIT)
        .sort((x, y) => BY_NAME.compare(x.name, y.name) || (x.id < y.id ? -1 : 1))
        .map((b) => ({ id: b.id, name: b.name })),
    };
  });

  route(app, API.createPairing, async ({ body, subject }) => {
    const branches = [...new Set(body.branches)];
    requireMay(
      subject,
      'pairing.create',
      { branchIds: branches },
      'not_secretary',
      'only a secretary of one of these branches may propose pairing them',
    );
    const secretaryOf = (b: string) =>
      subject.memberships.some((m) => m.branchId === b && m.role === 'secretary');
    // `may` passed, so the caller is a secretary of one of them, one of the institution's: the
    // proposing branch.
    const home =
      branches.find((b) =>
        subject.memberships.some((m) => m.branchId === b && m.role === 'secretary' && !m.outside),
      ) ?? '';
    const others = branches.filter((b) => b !== home);
    if (others.length === 0) {
      throw new HttpError(400, 'invalid_body', 'branches: at least 2 different branches');
    }
    // Outside branches join by invite only: they are not the institution's to propose to.
    const known = new Set(
      (await auth.branchesByIds(others)).filter((b) => !b.outside).map((b) => b.id),
    );
    if (!others.every((b) => known.has(b))) {
      throw new HttpError(403, 'unknown_branch', "every branch must be one of the institution's");
    }
    // The same branches already paired or asked: a second tap, or a second device, adds nothing.
    const key = [...branches].sort().join();
    const open = await auth.pairingsOfBranches([home]);
    if (open.some((p) => [...p.branchIds, ...(p.invitedIds ?? [])].sort().join() === key)) {
      throw new HttpError(409, 'conflict', 'these branches are already paired or asked');
    }
    const made = await auth.proposePairing({
      by: subject.userId,
      branchId: home,
      others,
      alsoAccepted: others.filter(secretaryOf),
    });
    // 对方支部提议结对: the asked branches' committees (their secretary answers).
    await tell(auth, {
      kind: 'pairing.proposed',
      actorId: subject.userId,
      pairingId: made.id,
      about: home,
      audience: 'committee',
      to: made.invitedIds ?? [],
    });
    return new Created(await pairingsOf(auth, subject, thisMonth()));
  });

  route(app, API.answerPairing, async ({ params, body, subject }) => {
    const pairing = await openPairing(auth, params.id);
    const invited = (pairing.invitedIds ?? []).includes(body.branch);
    if (!invited && !pairing.branchIds.includes(body.branch)) {
      throw new HttpError(404, 'not_found', 'no such pairing for that branch');
    }
    requireMay(
      subject,
      'pairing.respond',
      { branchId: body.branch },
      'not_secretary',
      "only the branch's secretary answers a pairing proposal",
    );
    const answered =
      invited &&
      (await auth.answerPairing(pairing.id, body.branch, {
        accept: body.accept,
        by: subject.userId,
      }));
    if (!answered) throw new HttpError(409, 'conflict', 'this branch has answered already');
    // The branches in it already hear the answer (the proposer's first of all).
    await tell(auth, {
      kind: body.accept ? 'pairing.accepted' : 'pairing.declined',
      actorId: subject.userId,
      pairingId: pairing.id,
      about: body.branch,
      audience: 'committee',
      to: pairing.branchIds,
    });
    return pairingsOf(auth, subject, thisMonth());
  });

  route(app, API.endPairing, async ({ params, subject }) => {
    const pairing = await openPairing(auth, params.id);
    requireMay(
      subject,
      'pairing.end',
      { branchIds: pairing.branchIds },
      'not_secretary',
      "only a secretary of the pairing's branches ends it",
    );
    // Two secretaries ending it at once: the second finds it ended, which is what they wanted.
    if (await auth.endPairing(pairing.id, subject.userId)) {
      const side = sideOf(subject, pairing.branchIds);
      // Every member of the other branches (they lose the joint plans' future, not the past
      // ones), and the committees of branches still asked (the proposal they hold is gone).
      await tell(auth, {
        kind: 'pairing.ended',
        actorId: subject.userId,
        pairingId: pairing.id,
        about: side,
        audience: 'members',
        to: pairing.branchIds.filter((b) => b !== side),
      });
      await tell(auth, {
        kind: 'pairing.ended',
        actorId: subject.userId,
        pairingId: pairing.id,
        about: side,
        audience: 'committee',
        to: pairing.invitedIds ?? [],
      });
    }
    return pairingsOf(auth, subject, thisMonth());
  });

  route(app, API.createPairingInvite, async ({ body, subject }) => {
    requireMay(
      subject,
      'pairing.invite',
      { branchId: body.branch },
      'not_secretary',
      "only the branch's secretary invites an outside branch to pair with it",
    );
    const invite = await deps.accounts.createInvite({
      branchId: body.branch,
      role: 'secretary',
      ttlDays: body.days,
      createdBy: subject.userId,
      pairing: true,
    });
    return new Created({
      id: invite.id,
      branchId: body.branch,
      role: 'secretary' as const,
      expiresAt: invite.expiresAt,
      code: invite.code,
    });
  });

  route(app, API.chooseLead, async ({ params, body, subject }) => {
    const pairing = await openPairing(auth, params.id);
    if (!isActive(pairing)) throw new HttpError(404, 'not_found', 'no such pairing');
    if (!pairing.branchIds.includes(body.branch)) {
      throw new HttpError(400, 'not_in_pairing', '"branch" must be a branch of this pairing');
    }
    requireMay(
      subject,
      'pairing.chooseLead',
      { branchIds: pairing.branchIds },
      'not_secretary',
      "only a secretary of the pairing's branches chooses the lead",
    );
    await auth.setPairingLead(pairing.id, params.month, body.branch);
    const [view] = await describe(
      auth,
      [(await auth.getPairing(pairing.id)) ?? pairing],
      params.month,
    );
    if (!view) throw new Error('a described pairing went missing');
    return view;
  });
}
