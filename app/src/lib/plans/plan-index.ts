import { PLAN_STATUSES, type PlanStatus } from '@branchbook/model';
import { Plan, PlansResponse, parseWith } from '@branchbook/protocol';
import {
  isRecord,
  readItem,
  storedList,
  writeItem,
  type DeviceStorage,
} from '$lib/device/storage.ts';

/**
 * The plans this device knows about, kept in localStorage per account: plans created here (with
 * their registration still pending until the server has them) and a short summary of every plan
 * opened here, so the list shows themes and months offline. The documents themselves live in
 * IndexedDB (`branchbook:plan:<id>`); this is only the table of contents.
 */
export interface LocalPlan {
  id: string;
  leadBranchId: string;
  /** Every participating branch, the lead included. */
  branchIds: string[];
  /** `YYYY-MM`, or '' when not yet read from the document. */
  month: string;
  theme: string;
  date: string;
  status: PlanStatus;
  /** Created on this device and not yet registered with the server: it lives only here. */
  pending: boolean;
  /** Why the server refused the registration (a 403's message); the plan stays on the device. */
  refused: string | null;
  updatedAt: number;
}

/** A plan as `GET /api/plans` lists it. */
export interface ServerPlan {
  id: string;
  leadBranchId: string;
  branchIds: string[];
}

/** One row of the plans list: the device's summary joined with what the server says. */
export interface PlanListItem extends LocalPlan {
  /**
   * `device`: only on this device (registration pending or refused); `server`: registered;
   * `unknown`: registered earlier, but the server's list is not at hand (offline).
   */
  where: 'device' | 'server' | 'unknown';
  /** The server's list was fetched and no longer has this plan (removed from it, or lost access). */
  gone: boolean;
}

export function planIndexKey(userId: string): string {
  return `branchbook.plans.${userId}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The lead is always among the branches. */
function withLead(plan: ServerPlan): ServerPlan {
  return { ...plan, branchIds: [...new Set([plan.leadBranchId, ...plan.branchIds])] };
}

/**
 * Reads one stored entry; null for anything malformed (it is then dropped, not guessed at). Its
 * registry part (id, lead, branches) is read with the API's `Plan` schema.
 */
export function parseLocalPlan(value: unknown): LocalPlan | null {
  const registry = parseWith(Plan, value);
  if (!registry.ok || !isRecord(value)) return null;
  const status = (PLAN_STATUSES as readonly unknown[]).includes(value.status)
    ? (value.status as PlanStatus)
    : 'draft';
  return {
    ...withLead(registry.value),
    month: text(value.month),
    theme: text(value.theme),
    date: text(value.date),
    status,
    pending: value.pending === true,
    refused: typeof value.refused === 'string' ? value.refused : null,
    updatedAt: typeof value.updatedAt === 'number' ? value.updatedAt : 0,
  };
}

/** Reads `GET /api/plans` with its schema; throws when the answer is not one. */
export function parseServerPlans(body: unknown): ServerPlan[] {
  const parsed = parseWith(PlansResponse, body);
  if (!parsed.ok) throw new Error(`unreadable plan list: ${parsed.message}`);
  return parsed.value.plans.map(withLead);
}

export function readPlanIndex(storage: Pick<Storage, 'getItem'>, userId: string): LocalPlan[] {
  return storedList(readItem(storage, planIndexKey(userId)))
    .map(parseLocalPlan)
    .filter((p): p is LocalPlan => p !== null);
}

export function writePlanIndex(
  storage: DeviceStorage,
  userId: string,
  plans: readonly LocalPlan[],
): void {
  writeItem(storage, planIndexKey(userId), JSON.stringify(plans));
}

/** Adds or replaces one entry by id. */
export function upsertLocalPlan(plans: readonly LocalPlan[], plan: LocalPlan): LocalPlan[] {
  return [...plans.filter((p) => p.id !== plan.id), plan];
}

/**
 * Joins the device's index with the server's list (null when it could not be fetched). A plan the
 * server lists is registered — even if this device still thinks its registration is pending (the
 * answer to the POST was lost). A registered plan the server no longer lists is kept (its copy is
 * on this device) and marked `gone`. Newest month first, then newest change.
 *
 * @example mergePlanLists([], [{ id: 'p1', leadBranchId: 'b1', branchIds: ['b1', 'b2'] }])
 */
export function mergePlanLists(
  local: readonly LocalPlan[],
  server: readonly ServerPlan[] | null,
): PlanListItem[] {
  const byId = new Map<string, PlanListItem>();
  for (const plan of local) {
    byId.set(plan.id, {
      ...plan,
      where: plan.pending ? 'device' : 'unknown',
      gone: false,
    });
  }
  if (server) {
    const listed = new Set(server.map((p) => p.id));
    for (const item of byId.values()) {
      if (item.where === 'unknown' && !listed.has(item.id)) item.gone = true;
    }
    for (const plan of server) {
      const known = byId.get(plan.id);
      byId.set(plan.id, {
        ...(known ?? {
          month: '',
          theme: '',
          date: '',
          status: 'draft' as PlanStatus,
          updatedAt: 0,
        }),
        id: plan.id,
        leadBranchId: plan.leadBranchId,
        branchIds: plan.branchIds,
        pending: false,
        refused: null,
        where: 'server',
        gone: false,
      });
    }
  }
  return [...byId.values()].sort((a, b) =>
    a.month !== b.month
      ? a.month < b.month
        ? 1
        : -1
      : a.updatedAt !== b.updatedAt
        ? b.updatedAt - a.updatedAt
        : a.id < b.id
          ? -1
          : 1,
  );
}
