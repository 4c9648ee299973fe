import { createContext } from 'svelte';
import { initPlan, readPlan, type JointPlan } from '@branchbook/model';
import type { AccountSession } from '$lib/account/session.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import { newId } from '$lib/device/ids.ts';
import {
  mergePlanLists,
  readPlanIndex,
  upsertLocalPlan,
  writePlanIndex,
  type LocalPlan,
  type PlanListItem,
  type ServerPlan,
} from '$lib/plans/plan-index.ts';
import {
  branchNameMap,
  readCachedPairingsAnswer,
  writeCachedPairings,
  type Pairing,
  type PairingsAnswer,
  type Proposal,
} from '$lib/plans/pairings.ts';
import { fetchPairings, fetchPlans } from '$lib/plans/plans-api.ts';
import { readBranchNames, rememberBranchNames } from '$lib/plans/branch-names.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { loadedDoc } from '$lib/sync/loaded-doc.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import type { Outbox } from '$lib/sync/outbox.svelte.ts';

export interface NewPlan {
  month: string;
  leadBranchId: string;
  /** Every participating branch, the lead included. */
  branchIds: string[];
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** What the list knows about reaching the server right now. */
export type ListSource = 'server' | 'device' | 'signed-out';

/**
 * The plans of the user's branches: this device's index (plans created or opened here) joined
 * with `GET /api/plans` when online, and each plan's registration as the outbox tells it. Also the
 * pairings, kept on the device so that a plan can be drafted offline. One per plan screens
 * (`/plans` layout context).
 */
export class PlanListState {
  #storage: DeviceStorage;
  #account: () => AccountSession | null;
  #userId: string;
  #outbox: Outbox;
  #stopListening: () => void;
  /** Plans this device registered, by order of registration (see `refresh`). */
  // Not state: nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #registeredAt = new Map<string, number>();
  #registrations = 0;
  /** Branch names the server told for the plans (`branch-names.ts`): replaced whole, never mutated. */
  #heardNames: ReadonlyMap<string, string> = $state.raw(NO_NAMES);
  local: LocalPlan[] = $state([]);
  server: ServerPlan[] | null = $state(null);
  pairings: Pairing[] = $state([]);
  /** Proposals the user's branches made or were asked to answer (the pairings screen). */
  proposals: Proposal[] = $state([]);
  source: ListSource = $state('device');

  /** The index with each plan's registration from the outbox (the index no longer keeps it). */
  readonly items: PlanListItem[] = $derived(
    mergePlanLists(
      this.local.map((p) => {
        const waiting = this.#outbox.isOnDeviceOnly('plan', p.id);
        const refusal = this.#outbox.refusal('plan', p.id);
        return { ...p, pending: waiting, refused: refusal ? refusal.message || refusal.key : null };
      }),
      this.server,
    ),
  );

  constructor(
    account: () => AccountSession | null,
    userId: string,
    outbox: Outbox,
    options: { storage?: DeviceStorage } = {},
  ) {
    const storage = options.storage ?? browserStorage();
    this.#account = account;
    this.#userId = userId;
    this.#storage = storage;
    this.#outbox = outbox;
    this.local = readPlanIndex(storage, userId);
    const cached = readCachedPairingsAnswer(storage, userId);
    this.pairings = cached?.pairings ?? [];
    this.proposals = cached?.proposals ?? [];
    this.#heardNames = readBranchNames(storage, userId);
    this.source = account() ? 'device' : 'signed-out';
    this.#stopListening = outbox.onRegistered((kind, id) => this.#registered(kind, id));
  }

  /** Stops following the outbox (the plan screens' layout is leaving). */
  dispose(): void {
    this.#stopListening();
  }

  /**
   * The server just registered a plan of this device: it is on the server now, even when the
   * server's list was fetched a moment before (it would otherwise read as "no longer listed").
   */
  #registered(kind: string, id: string): void {
    if (kind !== 'plan') return;
    this.#registeredAt.set(id, ++this.#registrations);
    if (this.server) this.server = this.#withRegistered(this.server, this.#registrations - 1);
  }

  /**
   * The server's list plus the plans this device registered after registration number `since`
   * that the list lacks: a list fetched while a registration was on its way was made without it.
   */
  #withRegistered(server: ServerPlan[], since: number): ServerPlan[] {
    const added: ServerPlan[] = [];
    for (const [id, at] of this.#registeredAt) {
      const plan = this.local.find((p) => p.id === id);
      if (at <= since || !plan || server.some((p) => p.id === id)) continue;
      added.push({ id, leadBranchId: plan.leadBranchId, branchIds: plan.branchIds });
    }
    return added.length > 0 ? [...server, ...added] : server;
  }

  /**
   * A branch's name from the account, the pairings or what the server told of the plans; `unknown`
   * (e.g. "另一支部") for one this device has never heard named — an id is never shown.
   */
  branchName(id: string, unknown = ''): string {
    return (
      branchNameMap(this.#account()?.branches ?? [], this.pairings).get(id) ??
      this.#heardNames.get(id) ??
      unknown
    );
  }

  /** Plans only on this device: waiting for, or refused, registration. */
  get pendingCount(): number {
    return this.#outbox.records('plan').length;
  }

  item(id: string): PlanListItem | undefined {
    return this.items.find((p) => p.id === id);
  }

  /** Known on this device and not yet registered: its doc stays on the device (the server refuses it). */
  onDeviceOnly(id: string): boolean {
    return this.#outbox.isOnDeviceOnly('plan', id);
  }

  /**
   * Fetches the server's plans and pairings. Offline or with the server down, the device's list
   * stands. (Registrations are the outbox's: it sends them as soon as the server answers.)
   */
  async refresh(month: string): Promise<void> {
    const session = this.#account();
    if (!session || session.revoked) {
      this.source = session ? 'device' : 'signed-out';
      return;
    }
    const since = this.#registrations;
    try {
      const [{ plans, branches }, pairings] = await Promise.all([
        fetchPlans(session.serverUrl, session.token),
        fetchPairings(session.serverUrl, session.token, month),
      ]);
      this.#heardNames = rememberBranchNames(
        this.#storage,
        this.#userId,
        this.#heardNames,
        branches,
      );
      this.server = this.#withRegistered(plans, since);
      this.takePairings(pairings);
      this.source = 'server';
      this.#outbox.confirm(
        'plan',
        plans.map((p) => p.id),
      );
    } catch {
      this.source = 'device';
    }
  }

  /** The server's pairings and proposals (a refresh, or an action's answer), kept on the device. */
  takePairings(answer: PairingsAnswer): void {
    this.pairings = answer.pairings;
    this.proposals = answer.proposals;
    writeCachedPairings(this.#storage, this.#userId, answer.pairings, answer.proposals);
  }

  /** Tries a refused registration again (e.g. after the pairing was fixed). */
  retry(id: string): Promise<void> {
    return this.#outbox.retry('plan', id);
  }

  /**
   * Drafts a new plan on this device — no network needed: the document is created and stored in
   * IndexedDB, and its registration waits in the outbox until the server can be reached.
   */
  async create(input: NewPlan, now = Date.now()): Promise<string> {
    const id = newId();
    const session = openDoc('plan', id, null);
    try {
      await session.ready;
      initPlan(session.doc, {
        id,
        leadBranchId: input.leadBranchId,
        branchIds: input.branchIds,
        month: input.month,
      });
      await session.flushed();
    } finally {
      await session.destroy();
    }
    const branchIds = [input.leadBranchId, ...input.branchIds].filter(
      (b, i, all) => all.indexOf(b) === i,
    );
    this.#save(
      upsertLocalPlan(this.local, {
        id,
        leadBranchId: input.leadBranchId,
        branchIds,
        month: input.month,
        theme: '',
        date: '',
        status: 'draft',
        pending: false,
        refused: null,
        updatedAt: now,
      }),
    );
    void this.#outbox.add('plan', id, { leadBranchId: input.leadBranchId, branchIds }, now);
    return id;
  }

  /** Keeps the summary of a plan opened here, so the list shows it offline. */
  remember(plan: JointPlan, now = Date.now()): void {
    if (plan.id === '') return;
    const known = this.local.find((p) => p.id === plan.id);
    const branchIds = plan.branches.map((b) => b.branchId);
    const next: LocalPlan = {
      id: plan.id,
      leadBranchId: plan.leadBranchId || known?.leadBranchId || '',
      branchIds: branchIds.length > 0 ? branchIds : (known?.branchIds ?? []),
      month: plan.month,
      theme: plan.theme,
      date: plan.date,
      status: plan.status,
      pending: false,
      refused: null,
      updatedAt: known?.updatedAt ?? now,
    };
    if (next.leadBranchId === '') return;
    if (
      known &&
      known.month === next.month &&
      known.theme === next.theme &&
      known.date === next.date &&
      known.status === next.status &&
      known.branchIds.join() === next.branchIds.join()
    ) {
      return;
    }
    this.#save(upsertLocalPlan(this.local, { ...next, updatedAt: now }));
  }

  /**
   * Reads the plans the server lists but this device has never opened, to learn their month and
   * theme. Each is opened briefly, from IndexedDB and the server.
   */
  async learnUnknown(open: (planId: string) => DocSession, timeoutMs = 8000): Promise<void> {
    const unknown = this.items.filter((p) => p.where === 'server' && p.month === '');
    await Promise.all(
      unknown.map(async (item) => {
        const session = open(item.id);
        try {
          const plan = await loadedPlan(session, timeoutMs);
          if (plan) this.remember(plan);
        } finally {
          await session.destroy();
        }
      }),
    );
  }

  #save(plans: LocalPlan[]): void {
    this.local = plans;
    writePlanIndex(this.#storage, this.#userId, plans);
  }
}

/**
 * The plan in `session` once it has content (from the device or the server), or null when none
 * arrived within `timeoutMs` or the server refused it.
 */
export function loadedPlan(session: DocSession, timeoutMs: number): Promise<JointPlan | null> {
  return loadedDoc(session, readPlan, (plan) => plan.id !== '', timeoutMs);
}

const [getPlanList, setPlanList] = createContext<PlanListState>();
export { getPlanList, setPlanList };
