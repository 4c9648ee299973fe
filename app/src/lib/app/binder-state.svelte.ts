import { onDestroy, untrack } from 'svelte';
import { getAccount, type AccountState } from '$lib/account/account.svelte.ts';
import { BranchView } from '$lib/branch/branch-view.svelte.ts';
import { browserStorage, readItem, type DeviceStorage } from '$lib/device/storage.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { lessonIndexStorageKey, parseLessonIndex } from '$lib/lessons/lesson-index.ts';
import { BinderBuild, type BinderSources } from '$lib/meetings/binder-build.svelte.ts';
import { binderMissing, type BinderPeriod } from '$lib/meetings/binder-document.ts';
import { getBranchYear, type BranchYearState } from '$lib/meetings/branch-year.svelte.ts';
import { getMeetingList, type MeetingListState } from '$lib/meetings/meeting-list.svelte.ts';
import { getPlanList, type PlanListState } from '$lib/plans/plan-list.svelte.ts';
import { StudyLogState } from '$lib/study/study-log.svelte.ts';
import { getOutbox, type Outbox } from '$lib/sync/outbox.svelte.ts';

/** How long the members' logs may take to arrive from the server before the 学时 are added up. */
const STUDY_WAIT_MS = 4000;

export interface BinderContext {
  /** `YYYY-MM-DD`. */
  today: string;
  locale: string;
  t: Translate;
}

/**
 * The inspector's binder screens (资料汇编 and its print view): what the binder is made from,
 * gathered from every feature the device holds (the composition root's job) — the branch's year
 * (records, plans, ledger, what it could not read), the meeting and plan lists (to name what is
 * missing), the lesson drafts this device knows, and the members' 学时 through the 支部学时
 * screens' own view, opened with the screen so the logs load while the committee looks — and
 * the build that reads them into one binder.
 */
export class BinderState {
  readonly build: BinderBuild;
  readonly #account: AccountState;
  readonly #year: BranchYearState;
  readonly #meetings: MeetingListState;
  readonly #plans: PlanListState;
  readonly #outbox: Outbox;
  readonly #storage: DeviceStorage;
  readonly #own: StudyLogState;
  readonly #view: BranchView;

  constructor(deps: {
    account: AccountState;
    year: BranchYearState;
    meetings: MeetingListState;
    plans: PlanListState;
    outbox: Outbox;
    storage?: DeviceStorage;
  }) {
    this.#account = deps.account;
    this.#year = deps.year;
    this.#meetings = deps.meetings;
    this.#plans = deps.plans;
    this.#outbox = deps.outbox;
    this.#storage = deps.storage ?? browserStorage();
    this.#own = new StudyLogState(deps.account.openDoc('study', deps.account.userId), {
      readOnly: true,
    });
    this.#view = new BranchView(deps.account, deps.year.branchId, this.#own);
    void this.#view.study.load();
    this.build = new BinderBuild({
      // As this account; a document not on the device cannot come while offline.
      open: (kind, id, options) => this.#account.openDoc(kind, id, options),
      timeoutMs: () => (navigator.onLine ? 8000 : 300),
    });
  }

  /** Builds the binder of `period` once the branch's year has read its lists' documents. */
  async compile(period: BinderPeriod, ctx: BinderContext): Promise<void> {
    this.build.reset();
    await this.#year.loaded();
    await this.build.build(this.#sources(period, ctx), ctx.t);
  }

  #sources(period: BinderPeriod, ctx: BinderContext): BinderSources {
    const year = this.#year;
    const branchId = year.branchId;
    const meetingItems = this.#meetings.items;
    const planItems = this.#plans.items;
    const lessons = parseLessonIndex(
      readItem(this.#storage, lessonIndexStorageKey(this.#account.userId)),
    ).filter((entry) => entry.branchId === branchId);
    return {
      period,
      branchName: this.#account.branch?.name ?? '',
      today: ctx.today,
      ledger: year.ledger(period),
      records: year.meetings.map((record) => ({
        record,
        localOnly: meetingItems.find((m) => m.id === record.id)?.where === 'device',
      })),
      plans: year.plans.map((plan) => {
        const item = planItems.find((p) => p.id === plan.id);
        return { plan, localOnly: item ? item.pending || item.refused !== null : false };
      }),
      lessons: lessons.map(({ id }) => ({
        id,
        localOnly: this.#outbox.isOnDeviceOnly('lesson', id),
      })),
      missing: binderMissing(year.unread, { meetings: meetingItems, plans: planItems }, period),
      study: async () => {
        await this.#view.settled(navigator.onLine, STUDY_WAIT_MS);
        const study = this.#view.study;
        return {
          roster: study.members.length + study.removed.length > 0,
          rows: this.#view.rows(period.year, period.quarter),
        };
      },
      plan: {
        locale: ctx.locale,
        branchName: (id) => this.#plans.branchName(id, ctx.t('jointPlans.otherBranch')),
      },
    };
  }

  async destroy(): Promise<void> {
    this.build.reset();
    await Promise.all([this.#view.destroy(), this.#own.session.destroy()]);
  }
}

/**
 * The binder of the screen's period, for a binder screen's component to call while it is set up:
 * made from the account's and the branch year's contexts when the account is on the committee
 * (null otherwise: members get a sentence instead), built again whenever the period changes, and
 * closed with the screen.
 */
export function useBinder(
  period: () => BinderPeriod,
  ctx: () => BinderContext,
): BinderState | null {
  const account = getAccount();
  if (!account.isCommittee) return null;
  const state = new BinderState({
    account,
    year: getBranchYear(),
    meetings: getMeetingList(),
    plans: getPlanList(),
    outbox: getOutbox(),
  });
  const key = $derived(JSON.stringify(period()));
  $effect(() => {
    void key;
    untrack(() => void state.compile(period(), ctx()));
  });
  onDestroy(() => void state.destroy());
  return state;
}
