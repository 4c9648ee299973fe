import { initPlan, readPlan, type JointPlan } from '@branchbook/model';
import { ApiError } from '$lib/auth/api.ts';
import type { AccountSession } from '$lib/auth/session.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import { newId } from '$lib/ids.ts';
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
  readCachedPairings,
  writeCachedPairings,
  type Pairing,
} from '$lib/plans/pairings.ts';
import { fetchPairings, fetchPlans, registerPlan } from '$lib/plans/plans-api.ts';
import { DocSession } from '$lib/sync/doc-session.svelte.ts';

export interface NewPlan {
  month: string;
  leadBranchId: string;
  /** Every participating branch, the lead included. */
  branchIds: string[];
}

/** What the list knows about reaching the server right now. */
export type ListSource = 'server' | 'device' | 'signed-out';

/**
 * The plans of the user's branches: this device's index (plans created or opened here, and
 * registrations still waiting for the network) joined with `GET /api/plans` when online. Also
 * the pairings, kept on the device so that a plan can be drafted offline.
 */
export class PlanListState {
  #storage: DeviceStorage;
  #account: () => AccountSession | null;
  #userId: string;
  local: LocalPlan[] = $state([]);
  server: ServerPlan[] | null = $state(null);
  pairings: Pairing[] = $state([]);
  source: ListSource = $state('device');
  /** Registration in progress, by plan id. */
  registering: string[] = $state([]);

  readonly items: PlanListItem[] = $derived(mergePlanLists(this.local, this.server));

  #open: ((planId: string) => DocSession) | undefined;

  /**
   * `open` opens a plan's doc synced with the server: given, a plan registered from this list is
   * also pushed to the server at once, so the paired branches can open it before the creator does
   * again.
   */
  constructor(
    account: () => AccountSession | null,
    userId: string,
    options: { storage?: DeviceStorage; open?: (planId: string) => DocSession } = {},
  ) {
    const storage = options.storage ?? browserStorage();
    this.#open = options.open;
    this.#account = account;
    this.#userId = userId;
    this.#storage = storage;
    this.local = readPlanIndex(storage, userId);
    this.pairings = readCachedPairings(storage, userId) ?? [];
    this.source = account() ? 'device' : 'signed-out';
  }

  /** Branch names from the account and the pairings; unknown ids show as themselves. */
  branchName(id: string): string {
    return branchNameMap(this.#account()?.branches ?? [], this.pairings).get(id) ?? id;
  }

  get pendingCount(): number {
    return this.local.filter((p) => p.pending).length;
  }

  item(id: string): PlanListItem | undefined {
    return this.items.find((p) => p.id === id);
  }

  /**
   * Fetches the server's plans and pairings, then registers plans created offline. Offline or
   * with the server down, the device's list stands.
   */
  async refresh(month: string): Promise<void> {
    const session = this.#account();
    if (!session || session.revoked) {
      this.source = session ? 'device' : 'signed-out';
      return;
    }
    await this.registerPending();
    try {
      const [plans, pairings] = await Promise.all([
        fetchPlans(session.serverUrl, session.token),
        fetchPairings(session.serverUrl, session.token, month),
      ]);
      this.server = plans;
      this.pairings = pairings;
      writeCachedPairings(this.#storage, this.#userId, pairings);
      this.source = 'server';
      // The server has them: whatever this device thought, they are registered.
      const listed = plans.map((p) => p.id);
      if (this.local.some((p) => p.pending && listed.includes(p.id))) {
        this.#save(this.local.map((p) => (listed.includes(p.id) ? { ...p, pending: false } : p)));
      }
    } catch {
      this.source = 'device';
    }
  }

  /** POSTs each pending registration; a refusal is kept with its reason, the plan stays here. */
  async registerPending(): Promise<void> {
    const session = this.#account();
    if (!session || session.revoked) return;
    for (const plan of this.local.filter((p) => p.pending && p.refused === null)) {
      if (this.registering.includes(plan.id)) continue;
      this.registering = [...this.registering, plan.id];
      try {
        await registerPlan(session.serverUrl, session.token, plan);
        this.#patch(plan.id, { pending: false, refused: null });
        await this.#push(plan.id);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 409)) {
          this.#patch(plan.id, { refused: error.message });
        }
        // Network or server trouble: try again on the next refresh or `online`.
      } finally {
        this.registering = this.registering.filter((id) => id !== plan.id);
      }
    }
  }

  /** Tries a refused registration again (e.g. after the pairing was fixed). */
  async retry(id: string): Promise<void> {
    this.#patch(id, { refused: null });
    await this.registerPending();
  }

  /**
   * Drafts a new plan on this device — no network needed: the document is created and stored in
   * IndexedDB, and its registration waits in the index until the server can be reached.
   */
  async create(input: NewPlan, now = Date.now()): Promise<string> {
    const id = newId();
    const session = new DocSession(`plan:${id}`, { sync: false });
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
    this.#save(
      upsertLocalPlan(this.local, {
        id,
        leadBranchId: input.leadBranchId,
        branchIds: [input.leadBranchId, ...input.branchIds].filter(
          (b, i, all) => all.indexOf(b) === i,
        ),
        month: input.month,
        theme: '',
        date: '',
        status: 'draft',
        pending: true,
        refused: null,
        updatedAt: now,
      }),
    );
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
      pending: known?.pending ?? false,
      refused: known?.refused ?? null,
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

  /** Sends a newly registered plan's content to the server (it was only on this device). */
  async #push(planId: string): Promise<void> {
    if (!this.#open) return;
    const session = this.#open(planId);
    try {
      await session.ready;
      await whenSynced(session, 15_000);
    } finally {
      await session.destroy();
    }
  }

  #patch(id: string, patch: Partial<LocalPlan>): void {
    this.#save(this.local.map((p) => (p.id === id ? { ...p, ...patch } : p)));
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
export async function loadedPlan(
  session: DocSession,
  timeoutMs: number,
): Promise<JointPlan | null> {
  await session.ready;
  const doc = session.doc;
  if (readPlan(doc).id !== '') return readPlan(doc);
  return new Promise<JointPlan | null>((resolve) => {
    const done = (plan: JointPlan | null) => {
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve(plan);
    };
    const onUpdate = () => {
      const plan = readPlan(doc);
      if (plan.id !== '') done(plan);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    doc.on('update', onUpdate);
  });
}

/**
 * Resolves true once the server has confirmed it stored everything in `session` (its sync state
 * is "synced"), or false after `timeoutMs` — e.g. before closing a plan written in passing, so
 * the paired branches see the change now rather than the next time this device opens it.
 */
export function whenSynced(session: DocSession, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const stop = $effect.root(() => {
      $effect(() => {
        if (session.syncState === 'synced') finish(true);
      });
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(value: boolean) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(stop);
      resolve(value);
    }
  });
}
