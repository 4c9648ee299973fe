import {
  MEETING_RICH_TEXT,
  PLAN_RICH_TEXT,
  readLesson,
  readMeeting,
  readPlan,
  type JointPlan,
  type LedgerRow,
  type MeetingRecord,
} from '@branchbook/model';
import type * as Y from 'yjs';
import { richBlocks } from '$lib/editor/rich-blocks.ts';
import { ExportTask } from '$lib/export/export-task.svelte.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { planDocument, type PlanDocContext } from '$lib/plans/public.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { loadedDoc } from '$lib/sync/loaded-doc.ts';
import type { ListedDoc } from './branch-year.svelte.ts';
import {
  binderDocument,
  inPeriod,
  type BinderDocument,
  type BinderFacts,
  type BinderLesson,
  type BinderMissing,
  type BinderPeriod,
  type BinderPlan,
  type BinderRecord,
} from './binder-document.ts';
import { binderDocxBlob } from './binder-docx.ts';

export type BinderStage = 'records' | 'plans' | 'lessons' | 'study' | 'writing';

export interface BinderProgress {
  stage: BinderStage;
  done: number;
  total: number;
}

/** What the binder of a period is made from, as the branch's year and the device's lists hold it. */
export interface BinderSources {
  period: BinderPeriod;
  branchName: string;
  today: string;
  ledger: readonly LedgerRow[];
  /** The branch's records and plans as the year read them, and whether each is only here. */
  records: readonly { record: MeetingRecord; localOnly: boolean }[];
  plans: readonly { plan: JointPlan; localOnly: boolean }[];
  /** The branch's lesson drafts this device knows. */
  lessons: readonly ListedDoc[];
  /** What the lists name for the period that the year could not read. */
  missing: readonly BinderMissing[];
  /** The members' 学时 of the period, once their logs are read. */
  study: () => Promise<BinderFacts['study']>;
  /** How a plan's branches are named and dates written, as in the plan's own print view. */
  plan: Omit<PlanDocContext, 't'>;
}

export interface BinderBuildDeps {
  open: (
    kind: 'meeting' | 'plan' | 'lesson',
    id: string,
    options: { localOnly?: boolean },
  ) => DocSession;
  /** How long to wait for a document not on this device (short offline: it cannot come). */
  timeoutMs: () => number;
  /** Hands the event loop back between documents, so the progress line is drawn. */
  pause?: () => Promise<void>;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Builds the inspector's binder of a period (issue 15 item 6) from the device's copies, one
 * document at a time with its progress ("正在整理 3/12 份记录…"): each held record again with its
 * 发言要点, each joint plan with its rich sections, each lesson draft's title, speaker and date,
 * then the members' 学时; a document that cannot be read is named as missing. The result is the
 * one `BinderDocument` the Word file and the print view both lay out.
 */
export class BinderBuild {
  progress: BinderProgress | null = $state(null);
  document: BinderDocument | null = $state.raw(null);
  readonly #task = new ExportTask();
  readonly #deps: BinderBuildDeps;
  #runs = 0;
  #current: Promise<unknown> = Promise.resolve();

  constructor(deps: BinderBuildDeps) {
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#task.running;
  }

  /** Why the last build or Word file failed, or null. */
  get error(): string | null {
    return this.#task.error;
  }

  /** Forgets the binder (another period was chosen); a build under way is dropped. */
  reset(): void {
    this.#runs++;
    this.document = null;
    this.progress = null;
  }

  /**
   * Builds the binder; resolves to the failure's reason, or null. A build asked for while one
   * runs starts when that one has stopped (it stops at its next document, superseded).
   */
  build(sources: BinderSources, t: Translate): Promise<string | null> {
    const run = ++this.#runs;
    const started = this.#current.then(() =>
      run !== this.#runs
        ? null
        : this.#task.run(async () => {
            try {
              const document = await this.#build(sources, t, run);
              if (document && run === this.#runs) this.document = document;
            } finally {
              if (run === this.#runs) this.progress = null;
            }
          }),
    );
    this.#current = started;
    return started;
  }

  /** Writes the built binder as a Word file and hands it to `save`. */
  word(save: (blob: Blob, binder: BinderDocument) => void): Promise<string | null> {
    const binder = this.document;
    if (!binder) return Promise.resolve(null);
    return this.#task.run(async () => {
      this.progress = { stage: 'writing', done: 0, total: 1 };
      try {
        await this.#pause();
        save(await binderDocxBlob(binder), binder);
      } finally {
        this.progress = null;
      }
    });
  }

  async #build(sources: BinderSources, t: Translate, run: number): Promise<BinderDocument | null> {
    const within = (date: string) => inPeriod(date, sources.period);
    const missing: BinderMissing[] = [...sources.missing];
    const step = async <T, R>(
      stage: BinderStage,
      items: readonly T[],
      readOne: (item: T) => Promise<R | null>,
      absent: (item: T) => BinderMissing,
    ): Promise<R[]> => {
      const read: R[] = [];
      for (const [i, item] of items.entries()) {
        if (run !== this.#runs) break;
        this.progress = { stage, done: i + 1, total: items.length };
        await this.#pause();
        const value = await readOne(item);
        if (value === null) missing.push(absent(item));
        else read.push(value);
      }
      return read;
    };

    const records = await step(
      'records',
      sources.records.filter(({ record }) => record.status === 'held' && within(record.date)),
      ({ record, localOnly }) =>
        this.#read(
          'meeting',
          record.id,
          localOnly,
          (doc): BinderRecord => ({
            record: readMeeting(doc),
            points: richBlocks(doc.getXmlFragment(MEETING_RICH_TEXT.points)),
          }),
          (value) => value.record.id !== '',
        ),
      ({ record }) => ({ type: 'meeting', kind: record.kind, date: record.date }),
    );

    const planContext: PlanDocContext = {
      ...sources.plan,
      t: (key, values) => t(key, values ? { values } : undefined),
    };
    const plans = await step(
      'plans',
      sources.plans.filter(
        ({ plan }) => plan.status !== 'draft' && within(plan.date || plan.month),
      ),
      ({ plan, localOnly }) =>
        this.#read(
          'plan',
          plan.id,
          localOnly,
          (doc): BinderPlan => {
            const current = readPlan(doc);
            const section = (name: keyof typeof PLAN_RICH_TEXT) =>
              richBlocks(doc.getXmlFragment(PLAN_RICH_TEXT[name]));
            return {
              id: current.id,
              theme: current.theme,
              date: current.date,
              month: current.month,
              blocks: planDocument(
                current,
                {
                  purpose: section('purpose'),
                  safety: section('safety'),
                  summary: section('summary'),
                },
                planContext,
              ),
            };
          },
          (value) => value.id !== '',
        ),
      ({ plan }) => ({ type: 'plan', theme: plan.theme, month: plan.month }),
    );

    const lessons = await step(
      'lessons',
      sources.lessons,
      ({ id, localOnly }) =>
        this.#read(
          'lesson',
          id,
          localOnly,
          (doc): BinderLesson => {
            const { title, subtitle, speaker, date, type } = readLesson(doc);
            return { id: readLesson(doc).id, title, subtitle, speaker, date, type };
          },
          (value) => value.id !== '',
        ),
      () => ({ type: 'lesson' }),
    );

    if (run !== this.#runs) return null;
    this.progress = { stage: 'study', done: 0, total: 1 };
    await this.#pause();
    const study = await sources.study();

    return binderDocument(
      {
        period: sources.period,
        branchName: sources.branchName,
        today: sources.today,
        ledger: sources.ledger,
        records,
        study,
        lessons,
        plans,
        missing,
      },
      t,
    );
  }

  /** One document read once and closed again; null when it is not there in time. */
  async #read<T>(
    kind: 'meeting' | 'plan' | 'lesson',
    id: string,
    localOnly: boolean,
    read: (doc: Y.Doc) => T,
    present: (value: T) => boolean,
  ): Promise<T | null> {
    const session = this.#deps.open(kind, id, { localOnly });
    try {
      return await loadedDoc(session, read, present, this.#deps.timeoutMs());
    } finally {
      await session.destroy();
    }
  }

  #pause(): Promise<void> {
    return (this.#deps.pause ?? nextTask)();
  }
}

/** The progress line: 正在整理 3/12 份记录…, 正在汇总党员学时… */
export function binderProgressText(progress: BinderProgress, t: Translate): string {
  return t(`binder.progress.${progress.stage}`, {
    values: { done: progress.done, total: progress.total },
  });
}
