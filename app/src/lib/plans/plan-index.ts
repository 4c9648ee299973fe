import { PLAN_STATUSES, isValidId, type PlanStatus } from '@branchbook/model';
import { readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && isValidId(v))
    : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads one stored entry; null for anything malformed (it is then dropped, not guessed at). */
export function parseLocalPlan(value: unknown): LocalPlan | null {
  if (!isRecord(value)) return null;
  const { id, leadBranchId } = value;
  if (typeof id !== 'string' || !isValidId(id)) return null;
  if (typeof leadBranchId !== 'string' || !isValidId(leadBranchId)) return null;
  const status = (PLAN_STATUSES as readonly unknown[]).includes(value.status)
    ? (value.status as PlanStatus)
    : 'draft';
  return {
    id,
    leadBranchId,
    branchIds: [...new Set([leadBranchId, ...idList(value.branchIds)])],
    month: text(value.month),
    theme: text(value.theme),
    date: text(value.date),
    status,
    pending: value.pending === true,
    refused: typeof value.refused === 'string' ? value.refused : null,
    updatedAt: typeof value.updatedAt === 'number' ? value.updatedAt : 0,
  };
}

export function parseServerPlans(body: unknown): ServerPlan[] {
  if (!isRecord(body) || !Array.isArray(body.plans)) throw new Error('unreadable plan list');
  const plans: ServerPlan[] = [];
  for (const p of body.plans) {
    if (!isRecord(p) || typeof p.id !== 'string' || !isValidId(p.id)) continue;
    if (typeof p.leadBranchId !== 'string' || !isValidId(p.leadBranchId)) continue;
    plans.push({
      id: p.id,
      leadBranchId: p.leadBranchId,
      branchIds: [...new Set([p.leadBranchId, ...idList(p.branchIds)])],
    });
  }
  return plans;
}

export function readPlanIndex(storage: Pick<Storage, 'getItem'>, userId: string): LocalPlan[] {
  const raw = readItem(storage, planIndexKey(userId));
  if (raw === null) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value)
      ? value.map(parseLocalPlan).filter((p): p is LocalPlan => p !== null)
      : [];
  } catch {
    return [];
  }
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
