import { isValidId } from '@branchbook/model';
import type { BranchMembership } from '$lib/auth/session.ts';
import { isCommitteeRole } from '$lib/auth/session.ts';
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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePairings(body: unknown): Pairing[] {
  if (!isRecord(body) || !Array.isArray(body.pairings)) throw new Error('unreadable pairings');
  const pairings: Pairing[] = [];
  for (const p of body.pairings) {
    if (!isRecord(p) || typeof p.id !== 'string' || !Array.isArray(p.branches)) continue;
    const branches = p.branches
      .filter(
        (b): b is { id: string; name: unknown } =>
          isRecord(b) && typeof b.id === 'string' && isValidId(b.id),
      )
      .map((b) => ({ id: b.id, name: typeof b.name === 'string' && b.name ? b.name : b.id }));
    const leads: Record<string, string> = {};
    if (isRecord(p.leads)) {
      for (const [month, lead] of Object.entries(p.leads)) {
        if (MONTH.test(month) && typeof lead === 'string' && branches.some((b) => b.id === lead)) {
          leads[month] = lead;
        }
      }
    }
    // The month asked for: its lead is in `lead`; keep it, even when it only follows the rotation.
    if (typeof p.month === 'string' && MONTH.test(p.month) && typeof p.lead === 'string') {
      if (branches.some((b) => b.id === p.lead)) leads[p.month] ??= p.lead;
    }
    if (branches.length >= 2) pairings.push({ id: p.id, branches, leads });
  }
  return pairings;
}

/**
 * The lead branch of `month`: the one chosen for it, else the rotation the server uses
 * (branches sorted by id, one month each — 每月确定一个牵头党支部).
 */
export function monthLead(pairing: Pairing, month: string): string | undefined {
  const chosen = pairing.leads[month];
  if (chosen) return chosen;
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || pairing.branches.length === 0) return undefined;
  const ids = pairing.branches.map((b) => b.id).sort();
  return ids[(Number(match[1]) * 12 + Number(match[2]) - 1) % ids.length];
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
  const raw = readItem(storage, pairingsStorageKey(userId));
  if (raw === null) return null;
  try {
    return parsePairings(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function writeCachedPairings(
  storage: DeviceStorage,
  userId: string,
  pairings: readonly Pairing[],
): void {
  writeItem(storage, pairingsStorageKey(userId), JSON.stringify({ pairings }));
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
