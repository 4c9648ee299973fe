import { createSubscriber } from 'svelte/reactivity';
import { CLOSE } from '@branchbook/protocol';
import {
  PLAN_RICH_TEXT,
  PLAN_ROLES,
  PLAN_STATUSES,
  addAgendaItem,
  addAgreedItem,
  addBudgetLine,
  addReading,
  assignRole,
  carryOpenItems,
  checkBudget,
  clearBudgetCheck,
  clearRole,
  editTextField,
  ensureRole,
  movePlanEntry,
  CONTACT_TEXT_KEYS,
  PLAN_LIST_TEXT_KEYS,
  TEXT_MIN_WRITER_VERSION,
  planText,
  readTextField,
  planWarnings,
  readPlan,
  readHeadcounts,
  type BranchHeadcount,
  removePlanEntry,
  restorePlanEntry,
  setChecklistItem,
  setParticipants,
  setPlanStatus,
  stampMeta,
  updateAgendaItem,
  updateAgreedItem,
  updateBranchContact,
  updateBudgetLine,
  updatePlan,
  updateReading,
  validatePlanTransition,
  type AgendaItemInput,
  type AgreedItemInput,
  type BranchContact,
  type BudgetLineInput,
  type CarryResult,
  type ChecklistKey,
  type JointPlan,
  type ParticipantCategory,
  type PlanList,
  type PlanPatch,
  type PlanRole,
  type PlanStatus,
  type PlanTextTarget,
  type PlanWarning,
  type ReadingInput,
  type RoleAssignment,
} from '@branchbook/model';
import type * as Y from 'yjs';
import type { BranchMembership } from '$lib/account/session.ts';
import { newId } from '$lib/device/ids.ts';
import { mayCheckBudget, planAccess, type PlanAccess } from '$lib/plans/plan-access.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import type { BoundText } from '$lib/editor/text-input-binding.ts';
import { watchChoiceConflicts, type ChoiceConflict } from '$lib/plans/choice-conflicts.ts';

/** The plan's choices (values that cannot merge) whose concurrent replacement is reported. */
export const PLAN_CHOICE_KEYS = ['date', 'startTime', 'endTime'] as const;

/** Writes that touch a character-wise text (the doc then needs schema-2 writers). */
function writesText(patch: object, keys: readonly string[]): boolean {
  return keys.some((key) => (patch as Record<string, unknown>)[key] !== undefined);
}

export type RichSection = keyof typeof PLAN_RICH_TEXT;

export interface PlanStateOptions {
  /** The signed-in user's branches and roles (read when needed: the account refreshes them). */
  memberships: () => readonly BranchMembership[];
  /** Who writes: recorded with status changes and the budget check. */
  userName: string;
  /**
   * The plan's branches as this device knew them before the document arrived (the local index);
   * write permission is decided from these until the document's own list is here.
   */
  knownBranchIds?: readonly string[];
}

/**
 * One joint activity plan (`plan:<id>`) for the UI: a typed view read from the doc on every change,
 * and the model's writers behind methods that refuse to write when this user may only read (the
 * server would drop the write silently, and the device would show an edit nobody else sees).
 */
export class PlanState {
  readonly session: DocSession;
  readonly id: string;
  #options: PlanStateOptions;
  #subscribe: () => void;

  readonly plan: JointPlan = $derived.by(() => {
    this.#subscribe();
    return readPlan(this.session.doc);
  });
  readonly warnings: PlanWarning[] = $derived(planWarnings(this.plan));
  /** Each branch's headcount from its own record of the day (counts only; rosters stay home). */
  readonly headcounts: BranchHeadcount[] = $derived.by(() => {
    this.#subscribe();
    return readHeadcounts(this.session.doc);
  });
  /** The plan's branches: from the document once it is here, else what the device knew. */
  readonly branchIds: string[] = $derived(
    this.plan.branches.length > 0
      ? this.plan.branches.map((b) => b.branchId)
      : [...(this.#knownBranchIds() ?? [])],
  );

  constructor(session: DocSession, id: string, options: PlanStateOptions) {
    this.session = session;
    this.id = id;
    this.#options = options;
    const doc = session.doc;
    this.#subscribe = createSubscriber((update) => {
      doc.on('update', update);
      return () => doc.off('update', update);
    });
  }

  #knownBranchIds(): readonly string[] | undefined {
    return this.#options.knownBranchIds;
  }

  /** What this user may do here: from their roles in the plan's branches (see `planAccess`). */
  get access(): PlanAccess {
    return planAccess(this.#options.memberships(), this.branchIds);
  }

  /** The device copy has loaded (or is known to be unavailable). */
  get ready(): boolean {
    return this.session.localStore !== 'opening';
  }

  /** The plan's content is here: created on this device, or received from the server. */
  get loaded(): boolean {
    return this.plan.id !== '';
  }

  /** The server refused this plan to this user: their branch does not take part in it. */
  get forbidden(): boolean {
    return this.session.refusedWith === CLOSE.forbidden;
  }

  get canEdit(): boolean {
    return this.access === 'write' && !this.forbidden;
  }

  /** The discipline member or a secretary of a participating branch records the budget check. */
  get canCheckBudget(): boolean {
    return this.canEdit && mayCheckBudget(this.#options.memberships(), this.branchIds);
  }

  /**
   * Calls `onconflict` when another device's concurrent choice replaced a date or time this page
   * had set (see `choice-conflicts.ts`); returns the function that stops watching.
   */
  watchChoices(onconflict: (conflict: ChoiceConflict) => void): () => void {
    return watchChoiceConflicts(this.session.doc.getMap('plan'), PLAN_CHOICE_KEYS, onconflict);
  }

  /**
   * Like `watchChoices`, for the branch chosen for a role (所在支部): `key` is the role, `mine` and
   * `theirs` the branch ids. (The role's name is text and merges; only the branch is a choice.)
   */
  watchRoleBranches(onconflict: (conflict: ChoiceConflict) => void): () => void {
    const branchOf = (value: unknown) =>
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)['branchId']
        : undefined;
    return watchChoiceConflicts(this.session.doc.getMap('roles'), PLAN_ROLES, (conflict) => {
      const [mine, theirs] = [branchOf(conflict.mine), branchOf(conflict.theirs)];
      // A role entry rewritten with the same branch (e.g. both typed a name) is no conflict.
      if (mine !== theirs) onconflict({ key: conflict.key, mine, theirs });
    });
  }

  /** The fragment a rich-text section is edited in. */
  fragment(section: RichSection): Y.XmlFragment {
    return this.session.doc.getXmlFragment(PLAN_RICH_TEXT[section]);
  }

  /** Statuses the plan may move to from where it is (draft → agreed → held → summarised). */
  get nextStatuses(): PlanStatus[] {
    const from = this.plan.status;
    return PLAN_STATUSES.filter((to) => validatePlanTransition(from, to) === undefined);
  }

  update(patch: PlanPatch): void {
    this.#write(() => updatePlan(this.session.doc, patch), {
      text: writesText(patch, ['theme', 'place']),
    });
  }

  /**
   * A one-line text of the plan for `use:textInput`: typed changes merge character-wise. Typing a
   * name into an empty role gives it an entry (the lead branch until a name picks another).
   */
  textField(target: PlanTextTarget): BoundText {
    const doc = this.session.doc;
    const field = planText(doc, target);
    return {
      text: field.text,
      read: () => readTextField(field),
      edit: (change, origin) =>
        this.#write(
          () => {
            if (target.field === 'roleName') {
              ensureRole(doc, target.role, readPlan(doc).leadBranchId);
            }
            editTextField(field, change, origin);
          },
          { text: true, origin },
        ),
    };
  }

  setContact(branchId: string, contact: BranchContact): void {
    this.#write(() => updateBranchContact(this.session.doc, branchId, contact), {
      text: writesText(contact, CONTACT_TEXT_KEYS),
    });
  }

  setCount(category: ParticipantCategory, count: number): void {
    this.#write(() => setParticipants(this.session.doc, { [category]: count }));
  }

  addAgenda(input: AgendaItemInput = {}): string {
    const id = newId();
    this.#write(() => addAgendaItem(this.session.doc, id, input), {
      text: writesText(input, PLAN_LIST_TEXT_KEYS.agenda),
    });
    return id;
  }

  updateAgenda(id: string, patch: AgendaItemInput): void {
    this.#write(() => updateAgendaItem(this.session.doc, id, patch), {
      text: writesText(patch, PLAN_LIST_TEXT_KEYS.agenda),
    });
  }

  addReading(input: ReadingInput = {}): string {
    const id = newId();
    this.#write(() => addReading(this.session.doc, id, input), {
      text: writesText(input, PLAN_LIST_TEXT_KEYS.readings),
    });
    return id;
  }

  updateReading(id: string, patch: ReadingInput): void {
    this.#write(() => updateReading(this.session.doc, id, patch), {
      text: writesText(patch, PLAN_LIST_TEXT_KEYS.readings),
    });
  }

  addBudget(input: BudgetLineInput = {}): string {
    const id = newId();
    this.#write(() => addBudgetLine(this.session.doc, id, input), {
      text: writesText(input, PLAN_LIST_TEXT_KEYS.budget),
    });
    return id;
  }

  updateBudget(id: string, patch: BudgetLineInput): void {
    this.#write(() => updateBudgetLine(this.session.doc, id, patch), {
      text: writesText(patch, PLAN_LIST_TEXT_KEYS.budget),
    });
  }

  addAgreed(input: AgreedItemInput = {}): string {
    const id = newId();
    this.#write(() => addAgreedItem(this.session.doc, id, input), {
      text: writesText(input, PLAN_LIST_TEXT_KEYS.agreed),
    });
    return id;
  }

  updateAgreed(id: string, patch: AgreedItemInput): void {
    this.#write(() => updateAgreedItem(this.session.doc, id, patch), {
      text: writesText(patch, PLAN_LIST_TEXT_KEYS.agreed),
    });
  }

  /** Moves an entry to `toIndex` of the list as shown; concurrent moves never duplicate it. */
  move(list: PlanList, id: string, toIndex: number): void {
    this.#write(() => movePlanEntry(this.session.doc, list, id, toIndex));
  }

  remove(list: PlanList, id: string): void {
    this.#write(() => removePlanEntry(this.session.doc, list, id));
  }

  restore(list: PlanList, id: string): void {
    this.#write(() => restorePlanEntry(this.session.doc, list, id));
  }

  assignRole(role: PlanRole, assignment: RoleAssignment): void {
    const name = assignment.name.trim();
    this.#write(
      () =>
        name === ''
          ? clearRole(this.session.doc, role)
          : assignRole(this.session.doc, role, { name, branchId: assignment.branchId }),
      { text: true },
    );
  }

  setChecklist(key: ChecklistKey, done: boolean): void {
    this.#write(() => setChecklistItem(this.session.doc, key, done));
  }

  /** The discipline member (纪检委员) looked at the budget; a later change makes it stale. */
  checkBudget(note = '', now = Date.now()): void {
    if (!this.canCheckBudget) throw new Error('only the discipline member or a secretary checks');
    this.#write(() =>
      checkBudget(this.session.doc, {
        checkedBy: this.#options.userName,
        checkedAt: now,
        note,
      }),
    );
  }

  clearBudgetCheck(): void {
    if (!this.canCheckBudget) throw new Error('only the discipline member or a secretary checks');
    this.#write(() => clearBudgetCheck(this.session.doc));
  }

  /** Returns false when the step is not allowed from the current status (nothing is written). */
  setStatus(to: PlanStatus, now = Date.now()): boolean {
    let ok = false;
    this.#write(() => {
      ok = setPlanStatus(this.session.doc, to, { by: this.#options.userName, at: now }).ok;
    });
    return ok;
  }

  /** Copies this plan's open agreed items into `target` (next month's plan, writable here). */
  carryInto(target: PlanState): CarryResult | null {
    if (!target.canEdit) throw new Error('the target plan is read-only here');
    const result = carryOpenItems(this.session.doc, target.session.doc);
    return result.ok ? result.value : null;
  }

  /**
   * `text`: the write touches a character-wise text, which schema-1 apps do not read (they would
   * keep writing the old string); the doc then takes schema-2 writers only. `origin`: the
   * transaction's, so an input binding can tell its own changes.
   */
  #write(fn: () => void, { text = false, origin }: { text?: boolean; origin?: object } = {}): void {
    if (!this.canEdit) throw new Error('this plan is read-only for this user');
    const doc = this.session.doc;
    doc.transact(() => {
      stampMeta(doc, 'plan', text ? TEXT_MIN_WRITER_VERSION : 1);
      fn();
    }, origin);
  }
}
