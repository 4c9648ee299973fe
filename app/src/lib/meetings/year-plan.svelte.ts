import { createSubscriber } from 'svelte/reactivity';
import { CLOSE } from '@branchbook/protocol';
import {
  SCHEMA_VERSION,
  YEAR_PLAN_RICH_TEXT,
  addFixedDay,
  addYearItem,
  canWrite,
  editTextField,
  initYearPlan,
  moveOccurrence,
  placeInRota,
  readMeta,
  readTextField,
  readYearPlan,
  removeFromRota,
  removeYearItem,
  restoreYearItem,
  rights,
  rotaTurns,
  seedYearPlan,
  setItemPairedBranch,
  setRotaAbsent,
  setRotaPick,
  setRotaStart,
  setYearPlanStatus,
  updateSeries,
  updateYearItem,
  validateYearPlanTransition,
  yearPlanId,
  yearPlanText,
  YEAR_PLAN_STATUSES,
  type DateRule,
  type Result,
  type RotaKind,
  type SeedError,
  type Subject,
  type Turn,
  type YearItemInput,
  type YearItemKind,
  type YearPlan,
  type YearPlanStatus,
  type YearPlanTextTarget,
} from '@branchbook/model';
import type * as Y from 'yjs';
import { newId } from '$lib/device/ids.ts';
import type { BoundText } from '$lib/editor/text-input-binding.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { whenSynced } from '$lib/sync/when-synced.svelte.ts';

export interface YearPlanDeps {
  /** Opens `yearplan:<branchId>-<year>` for the signed-in account (`AccountState.openDoc`). */
  open: (id: string) => DocSession;
  /** Who is asking (read when needed: the account refreshes roles). */
  subject: () => Subject;
  /** Recorded with an approval or a sending. */
  userName: string;
}

/**
 * The branch's year plan on its screen (`/meetings/year`): the plan as read from the document on
 * every change, and the committee's writes. The document is not registered (its name says whose
 * it is), so the first write of any committee phone names it (`initYearPlan`), offline too.
 * Writes throw when this user may only read — the server would drop them silently, and the phone
 * would show an edit nobody else sees.
 */
export class YearPlanState {
  readonly branchId: string;
  readonly year: number;
  readonly session: DocSession;
  #deps: YearPlanDeps;
  #subscribe: () => void;

  readonly plan: YearPlan = $derived.by(() => {
    this.#subscribe();
    return readYearPlan(this.session.doc);
  });

  constructor(branchId: string, year: number, deps: YearPlanDeps) {
    this.branchId = branchId;
    this.year = year;
    this.#deps = deps;
    this.session = deps.open(yearPlanId(branchId, year));
    const doc = this.session.doc;
    this.#subscribe = createSubscriber((update) => {
      doc.on('update', update);
      return () => doc.off('update', update);
    });
  }

  get ready(): boolean {
    return this.session.localStore !== 'opening';
  }

  /** The server refused this user the plan (another branch's, or no longer a member). */
  get forbidden(): boolean {
    return this.session.refusedWith === CLOSE.forbidden;
  }

  /** The committee writes; a newer app's plan is read-only here until this one is updated. */
  get canEdit(): boolean {
    this.#subscribe();
    const id = yearPlanId(this.branchId, this.year);
    return (
      !this.forbidden &&
      rights(this.#deps.subject(), { kind: 'yearplan', id }, {}).write &&
      canWrite(readMeta(this.session.doc), SCHEMA_VERSION.yearplan)
    );
  }

  /** Whether the editor may bind (the writer gate, read at the time). */
  mayBind = (): boolean => canWrite(readMeta(this.session.doc), SCHEMA_VERSION.yearplan);

  get points(): Y.XmlFragment {
    return this.session.doc.getXmlFragment(YEAR_PLAN_RICH_TEXT.points);
  }

  /** Whether the work points hold anything (a reader is told when they do not). */
  get hasPoints(): boolean {
    this.#subscribe();
    return this.points.length > 0;
  }

  /** Statuses the plan may move to from where it is (draft → approved → sent; back to draft). */
  get nextStatuses(): YearPlanStatus[] {
    const from = this.plan.status;
    return YEAR_PLAN_STATUSES.filter((to) => validateYearPlanTransition(from, to) === undefined);
  }

  /** Each month's turn of a rota, passing over whoever is not in `roster` (null: not known). */
  turns(kind: RotaKind, roster: readonly string[] | null): Turn[] {
    return rotaTurns(this.plan.rotas[kind], roster);
  }

  /** A quarter's focus or an item's title for `use:textInput`: typing merges character-wise. */
  textField(target: YearPlanTextTarget): BoundText {
    const field = yearPlanText(this.session.doc, target);
    return {
      text: field.text,
      read: () => readTextField(field),
      edit: (change, origin) => this.#write(() => editTextField(field, change, origin), origin),
    };
  }

  /** A fixed day in every month ("每月第一个周二 主题党日"); returns its series id. */
  addFixedDay(input: { kind: YearItemKind; rule: DateRule; title?: string }): string {
    let series = '';
    this.#write(() => {
      series = addFixedDay(this.session.doc, newId, input).series;
    });
    return series;
  }

  addItem(input: YearItemInput & { month: number; kind: YearItemKind }): string {
    const id = newId();
    this.#write(() => addYearItem(this.session.doc, id, input));
    return id;
  }

  updateItem(id: string, patch: YearItemInput): void {
    this.#write(() => updateYearItem(this.session.doc, id, patch));
  }

  updateSeries(series: string, patch: Parameters<typeof updateSeries>[2]): void {
    this.#write(() => updateSeries(this.session.doc, series, patch));
  }

  removeItem(id: string): void {
    this.#write(() => removeYearItem(this.session.doc, id));
  }

  restoreItem(id: string): void {
    this.#write(() => restoreYearItem(this.session.doc, id));
  }

  setPaired(id: string, branchId: string, on: boolean): void {
    this.#write(() => setItemPairedBranch(this.session.doc, id, branchId, on));
  }

  /** Moves one occurrence (`planned` → `to`), or puts it back with `to` null. */
  move(id: string, planned: string, to: string | null): void {
    this.#write(() => moveOccurrence(this.session.doc, id, planned, to));
  }

  placeInRota(kind: RotaKind, id: string, index?: number): void {
    this.#write(() => placeInRota(this.session.doc, kind, id, index));
  }

  removeFromRota(kind: RotaKind, id: string): void {
    this.#write(() => removeFromRota(this.session.doc, kind, id));
  }

  setRotaStart(kind: RotaKind, month: number): void {
    this.#write(() => setRotaStart(this.session.doc, kind, month));
  }

  setRotaAbsent(kind: RotaKind, id: string, absent: boolean, month?: number): void {
    this.#write(() => setRotaAbsent(this.session.doc, kind, id, absent, month));
  }

  /** A month's pick for a rota, or back to the rota's turn (`null`). */
  setRotaPick(kind: RotaKind, month: number, id: string | null): void {
    this.#write(() => setRotaPick(this.session.doc, kind, month, id));
  }

  /** Returns false when the step is not allowed from where the plan is (nothing is written). */
  setStatus(to: YearPlanStatus, now = Date.now()): boolean {
    let ok = false;
    this.#write(() => {
      ok = setYearPlanStatus(this.session.doc, to, { by: this.#deps.userName, at: now }).ok;
    });
    return ok;
  }

  /**
   * Seeds this plan from last year's (the structure, not the facts — see `seedYearPlan`), the
   * rotas carried on over `rosters`. Last year's plan is read from the device, or from the
   * server when online; `missing` when neither has it.
   */
  async seedFromLastYear(
    rosters: Partial<Record<RotaKind, readonly string[] | null>>,
    timeoutMs = 8000,
  ): Promise<Result<{ items: number }, SeedError | { code: 'missing' }>> {
    if (!this.canEdit) throw new Error('this year plan is read-only for this user');
    const last = this.#deps.open(yearPlanId(this.branchId, this.year - 1));
    try {
      await last.ready;
      if (readYearPlan(last.doc).year === 0) await whenSynced(last, timeoutMs);
      if (readYearPlan(last.doc).year === 0) return { ok: false, error: { code: 'missing' } };
      let result: Result<{ items: number }, SeedError> = {
        ok: false,
        error: { code: 'not-initialised', which: 'to' },
      };
      this.#write(() => {
        result = seedYearPlan(last.doc, this.session.doc, { rosters });
      });
      return result;
    } finally {
      await last.destroy();
    }
  }

  async destroy(): Promise<void> {
    await this.session.destroy();
  }

  #write(fn: () => void, origin?: object): void {
    if (!this.canEdit) throw new Error('this year plan is read-only for this user');
    const doc = this.session.doc;
    doc.transact(() => {
      // The first write of any committee phone names the plan (all write the same two values).
      initYearPlan(doc, { branchId: this.branchId, year: this.year });
      fn();
    }, origin);
  }
}
