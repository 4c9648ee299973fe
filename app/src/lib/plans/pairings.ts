import {
  PairingsResponse,
  StoredPairings,
  parseWith,
  type PairingProposal,
  type PairingRecord,
} from '@branchbook/protocol';
import { leadOfMonth } from '@branchbook/model';
import type { BranchMembership } from '$lib/account/session.ts';
import { isCommitteeRole } from '$lib/account/session.ts';
import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * Pairings (联建) as `GET /api/pairings` describes them: the paired branches with their names and
 * the lead chosen per month. Kept on the device, so a plan can be drafted offline at a camp.
 */
export interface Pairing {
  id: string;
  branches: { id: string; name: string }[];
  /** Leads chosen explicitly, by month (`YYYY-MM`); other months rotate (`monthLead`). */
  leads: Record<string, string>;
}

/**
 * What the schemas cannot say: a pairing has two branches or more, a name is shown (the id when
 * empty), and a chosen lead is one of its branches.
 */
function usable(pairing: PairingRecord): Pairing | null {
  const branches = pairing.branches.map((b) => ({ id: b.id, name: b.name || b.id }));
  if (branches.length < 2) return null;
  const ids = new Set(branches.map((b) => b.id));
  const leads = Object.fromEntries(Object.entries(pairing.leads).filter(([, b]) => ids.has(b)));
  return { id: pairing.id, branches, leads };
}

/** A proposed pairing waiting for answers (`GET /api/pairings`' `proposals`). */
export type Proposal = PairingProposal;

/** The pairings and the proposals, as the server answers them or this device keeps them. */
export interface PairingsAnswer {
  pairings: Pairing[];
  proposals: Proposal[];
}

/**
 * Reads `GET /api/pairings` (or an action's answer) or this device's copy of it, each with its
 * schema (packages/protocol); throws when it is neither.
 */
export function parsePairingsAnswer(body: unknown): PairingsAnswer {
  const answer = parseWith(PairingsResponse, body);
  const read: { pairings: PairingRecord[]; proposals: Proposal[] } = answer.ok
    ? answer.value
    : (() => {
        const stored = parseWith(StoredPairings, body);
        if (!stored.ok) throw new Error(`unreadable pairings: ${stored.message}`);
        return stored.value;
      })();
  return {
    pairings: read.pairings.map(usable).filter((p): p is Pairing => p !== null),
    proposals: read.proposals,
  };
}

/** The pairings alone of `parsePairingsAnswer`. */
export function parsePairings(body: unknown): Pairing[] {
  return parsePairingsAnswer(body).pairings;
}

/**
 * The lead branch of `month`: the one chosen for it, else the rotation the server uses (the
 * model's `leadOfMonth` — 每月确定一个牵头党支部).
 */
export function monthLead(pairing: Pairing, month: string): string | undefined {
  return leadOfMonth(
    pairing.branches.map((b) => b.id),
    pairing.leads,
    month,
  );
}

export interface NewPlanChoice {
  pairing: Pairing;
  /** The month's lead by the pairing's rotation or choice. */
  monthLead: string | undefined;
  /** Branches of this pairing whose committee the user sits on: the leads they may register. */
  leadOptions: string[];
  /** The proposed lead: the month's lead when the user may lead for it, else their own branch. */
  defaultLead: string | undefined;
}

/** What "新建活动方案" offers for a month, per pairing the user's committee branches are in. */
export function newPlanChoices(
  pairings: readonly Pairing[],
  memberships: readonly BranchMembership[],
  month: string,
): NewPlanChoice[] {
  const committee = new Set(
    memberships.filter((m) => isCommitteeRole(m.role)).map((m) => m.branchId),
  );
  const choices: NewPlanChoice[] = [];
  for (const pairing of pairings) {
    const leadOptions = pairing.branches.map((b) => b.id).filter((id) => committee.has(id));
    if (leadOptions.length === 0) continue;
    const lead = monthLead(pairing, month);
    choices.push({
      pairing,
      monthLead: lead,
      leadOptions,
      defaultLead: lead !== undefined && leadOptions.includes(lead) ? lead : leadOptions[0],
    });
  }
  return choices;
}

export function pairingsStorageKey(userId: string): string {
  return `branchbook.pairings.${userId}`;
}

export function readCachedPairings(
  storage: Pick<Storage, 'getItem'>,
  userId: string,
): Pairing[] | null {
  return readCachedPairingsAnswer(storage, userId)?.pairings ?? null;
}

/** This device's copy of the pairings and proposals (null: none, or unreadable). */
export function readCachedPairingsAnswer(
  storage: Pick<Storage, 'getItem'>,
  userId: string,
): PairingsAnswer | null {
  const raw = readItem(storage, pairingsStorageKey(userId));
  if (raw === null) return null;
  try {
    return parsePairingsAnswer(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function writeCachedPairings(
  storage: DeviceStorage,
  userId: string,
  pairings: readonly Pairing[],
  proposals: readonly Proposal[] = [],
): void {
  writeItem(storage, pairingsStorageKey(userId), JSON.stringify({ pairings, proposals }));
}

/** Branch names known from the account and the pairings; an unknown id shows as itself. */
export function branchNameMap(
  memberships: readonly BranchMembership[],
  pairings: readonly Pairing[],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of pairings) for (const b of p.branches) names.set(b.id, b.name);
  for (const m of memberships) names.set(m.branchId, m.name);
  return names;
}

/** A proposal some of the user's branches are asked to answer, with those branches. */
export interface ProposalToUs {
  proposal: Proposal;
  /** The user's branches the proposal asks (usually one). */
  asked: string[];
}

/**
 * The proposals waiting for the user's branches' answer ("对方支部提议结对"), and those the
 * user's branches made or accepted that wait for another branch's (等待对方答复).
 */
export function sortProposals(
  proposals: readonly Proposal[],
  memberships: readonly BranchMembership[],
): { toUs: ProposalToUs[]; waiting: Proposal[] } {
  const mine = new Set(memberships.map((m) => m.branchId));
  const toUs: ProposalToUs[] = [];
  const waiting: Proposal[] = [];
  for (const proposal of proposals) {
    const asked = proposal.invited.map((b) => b.id).filter((id) => mine.has(id));
    if (asked.length > 0) toUs.push({ proposal, asked });
    else if (proposal.accepted.some((b) => mine.has(b.id))) waiting.push(proposal);
  }
  return { toUs, waiting };
}

/**
 * Whether a found branch is already paired with `home`, or asked with it (so the screen offers
 * no second proposal).
 */
export function pairingStateWith(
  home: string,
  other: string,
  pairings: readonly Pairing[],
  proposals: readonly Proposal[],
): 'paired' | 'asked' | null {
  const has = (ids: readonly string[]) => ids.includes(home) && ids.includes(other);
  if (pairings.some((p) => has(p.branches.map((b) => b.id)))) return 'paired';
  if (proposals.some((p) => has([...p.accepted, ...p.invited].map((b) => b.id)))) return 'asked';
  return null;
}
