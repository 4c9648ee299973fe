import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import {
  addManualLedgerRow,
  ledgerRows,
  monthlyReport,
  readManualLedger,
  removeManualLedgerRow,
  stampMeta,
  type JointPlan,
  type LedgerFilter,
  type LedgerRow,
  type ManualLedgerRow,
  type MeetingRecord,
  type MonthlyReport,
} from '@branchbook/model';
import { newId } from '$lib/device/ids.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { loadedPlan } from '$lib/plans/public.ts';
import { loadedMeeting } from './meeting-list.svelte.ts';

/** A record or plan a device list names: its id, and whether it exists only on this device. */
export interface ListedDoc {
  id: string;
  localOnly: boolean;
}

export interface BranchYearDeps {
  /** Opens a document for the signed-in account (`AccountState.openDoc`). */
  open: (
    kind: 'meeting' | 'plan' | 'branch',
    id: string,
    options: { localOnly?: boolean },
  ) => DocSession;
  /** How long to wait for a document this device does not hold yet. */
  timeoutMs?: number;
}

/**
 * A branch's facts for the ledger and the monthly report (issue 15 items 4 and 5): the meeting
 * records and joint plans the device's lists name (each read once from IndexedDB, or from the
 * server when online and not on the device yet), and the committee's manual ledger rows from the
 * branch document (`branch:<id>`, live). Both screens read this one state (the `/meetings`
 * ledger-and-report layout's context); the access rule decides which records the lists hold.
 */
export class BranchYearState {
  readonly branchId: string;
  readonly branch: DocSession;
  #deps: BranchYearDeps;
  #subscribe: () => void;
  /** Records and plans read so far; replaced whole, never mutated. */
  #meetings: readonly MeetingRecord[] = $state.raw([]);
  #plans: readonly JointPlan[] = $state.raw([]);
  /** What the lists name but is neither on this device nor received (offline, or refused). */
  unread: readonly { kind: 'meeting' | 'plan'; id: string }[] = $state.raw([]);
  loading: boolean = $state(false);
  #runs = 0;
  #firstLoaded: () => void = () => undefined;
  readonly #firstLoad = new Promise<void>((resolve) => (this.#firstLoaded = resolve));
  #latest: Promise<void> = Promise.resolve();

  readonly manual: ManualLedgerRow[] = $derived.by(() => {
    this.#subscribe();
    return readManualLedger(this.branch.doc);
  });

  /** The branch's records and plans (a listed record of another branch is left out). */
  readonly meetings: MeetingRecord[] = $derived(
    this.#meetings.filter((m) => m.branchId === this.branchId),
  );
  readonly plans: JointPlan[] = $derived(
    this.#plans.filter((p) => p.branches.some((b) => b.branchId === this.branchId)),
  );

  constructor(branchId: string, deps: BranchYearDeps) {
    this.branchId = branchId;
    this.#deps = deps;
    this.branch = deps.open('branch', branchId, {});
    const ledger = this.branch.doc.getMap('ledger');
    this.#subscribe = createSubscriber((update) => {
      ledger.observeDeep(update);
      return () => ledger.unobserveDeep(update);
    });
  }

  /**
   * Reads the listed records and plans not read yet (each document opened briefly) and forgets
   * those no longer listed. Called again whenever a list changes; a later call supersedes an
   * earlier one still running.
   */
  async load(listed: {
    meetings: readonly ListedDoc[];
    plans: readonly ListedDoc[];
  }): Promise<void> {
    this.#latest = this.#load(listed);
    await this.#latest;
    this.#firstLoaded();
  }

  /** Resolves once the lists' records and plans have been read (the first load, and any since). */
  async loaded(): Promise<void> {
    await this.#firstLoad;
    while (this.loading) await this.#latest;
  }

  async #load(listed: {
    meetings: readonly ListedDoc[];
    plans: readonly ListedDoc[];
  }): Promise<void> {
    const run = ++this.#runs;
    const timeoutMs = this.#deps.timeoutMs ?? 8000;
    const unread = <T extends { id: string }>(docs: readonly ListedDoc[], known: readonly T[]) =>
      docs.filter((doc) => !known.some((k) => k.id === doc.id));
    this.loading = true;
    const read = async <T>(
      kind: 'meeting' | 'plan',
      doc: ListedDoc,
      loaded: (session: DocSession, timeoutMs: number) => Promise<T | null>,
    ): Promise<T | null> => {
      const session = this.#deps.open(kind, doc.id, { localOnly: doc.localOnly });
      try {
        return await loaded(session, timeoutMs);
      } finally {
        await session.destroy();
      }
    };
    const [meetings, plans] = await Promise.all([
      Promise.all(
        unread(listed.meetings, this.#meetings).map((m) => read('meeting', m, loadedMeeting)),
      ),
      Promise.all(unread(listed.plans, this.#plans).map((p) => read('plan', p, loadedPlan))),
    ]);
    if (run !== this.#runs) return;
    this.#meetings = kept(this.#meetings, meetings, listed.meetings);
    this.#plans = kept(this.#plans, plans, listed.plans);
    this.unread = [
      ...unread(listed.meetings, this.#meetings).map(({ id }) => ({
        kind: 'meeting' as const,
        id,
      })),
      ...unread(listed.plans, this.#plans).map(({ id }) => ({ kind: 'plan' as const, id })),
    ];
    this.loading = false;
  }

  /** How many listed records and plans are not on this device. */
  get missing(): number {
    return this.unread.length;
  }

  get #sources() {
    return { meetings: this.meetings, plans: this.plans, manual: this.manual };
  }

  /** The ledger rows of a year (quarter, kind), numbered over the whole year. */
  ledger(filter: LedgerFilter): LedgerRow[] {
    return ledgerRows(this.#sources, filter);
  }

  /** The monthly report of `month` (`YYYY-MM`): last month held, this month scheduled, open items. */
  report(month: string): MonthlyReport {
    return monthlyReport(this.#sources, month);
  }

  /** The years with any dated fact, and `current`, newest first (the year filter's choices). */
  years(current: number): number[] {
    const years = [...this.meetings, ...this.plans, ...this.manual]
      .filter(({ date }) => /^\d{4}-/.test(date))
      .map(({ date }) => Number(date.slice(0, 4)));
    return [current, ...years].filter((y, i, all) => all.indexOf(y) === i).sort((a, b) => b - a);
  }

  /** Adds a row by hand (the committee's; the server drops anyone else's write). */
  addManual(input: Omit<ManualLedgerRow, 'id'>): string {
    const id = newId();
    const doc = this.branch.doc;
    doc.transact(() => {
      stampMeta(doc, 'branch');
      addManualLedgerRow(doc, id, input);
    });
    return id;
  }

  removeManual(id: string): void {
    removeManualLedgerRow(this.branch.doc, id);
  }

  async destroy(): Promise<void> {
    this.#runs++;
    await this.branch.destroy();
  }
}

/** What was read before and is still listed, then what was read now (the records that came). */
function kept<T extends { id: string }>(
  known: readonly T[],
  read: readonly (T | null)[],
  listed: readonly ListedDoc[],
): T[] {
  const isListed = (value: T) => listed.some((doc) => doc.id === value.id);
  return [...known, ...read.filter((value): value is T => value !== null)].filter(isListed);
}

const [getBranchYear, setBranchYear] = createContext<BranchYearState>();
export { getBranchYear, setBranchYear };
