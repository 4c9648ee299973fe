import { createSubscriber } from 'svelte/reactivity';
import {
  addEntry,
  listEntries,
  stampMeta,
  studyLog,
  yearTotals,
  type StudyEntry,
  type StudyForm,
  type StudyLog,
  type YearTotals,
} from '@branchbook/model';
import { newId } from '$lib/ids.ts';
import { localDate } from '$lib/study/dates.ts';
import { groupByMonth, type MonthGroup } from '$lib/study/group-by-month.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';

/** The durations offered as one tap each; 学时 follow from minutes (`creditFromMinutes`). */
export const DURATION_PRESETS = [
  { key: 'hour1', minutes: 60 },
  { key: 'hour2', minutes: 120 },
  { key: 'halfDay', minutes: 240 },
  { key: 'fullDay', minutes: 480 },
] as const;
export type DurationPreset = (typeof DURATION_PRESETS)[number];

export interface NewStudyEntry {
  title: string;
  form: StudyForm;
  minutes: number;
  /** `YYYY-MM-DD`; default today on this device. */
  date?: string;
}

/**
 * A member's study log (`study:<userId>`) for the UI: reactive entries, months and totals read
 * from the doc, and `add` as the only way to write.
 */
export class StudyLogState {
  readonly session: DocSession;
  #log: StudyLog;
  #subscribe: () => void;

  /** Live entries, newest first. */
  readonly entries: StudyEntry[] = $derived.by(() => {
    this.#subscribe();
    return listEntries(this.#log);
  });
  /** Entries by calendar month, newest month first. */
  readonly months: MonthGroup<StudyEntry>[] = $derived(groupByMonth(this.entries));

  constructor(session: DocSession) {
    this.session = session;
    const log = studyLog(session.doc);
    this.#log = log;
    this.#subscribe = createSubscriber((update) => {
      log.observeDeep(update);
      return () => log.unobserveDeep(update);
    });
  }

  /** False until the device copy has loaded (or is known to be unavailable). */
  get ready(): boolean {
    return this.session.localStore !== 'opening';
  }

  totalsFor(year: number): YearTotals {
    return yearTotals(this.entries, year);
  }

  /** Records a session; throws `StudyInputRejected` for invalid input, `Error` for an empty title. */
  add(input: NewStudyEntry, now: number = Date.now()): StudyEntry {
    const title = input.title.trim();
    if (title === '') throw new Error('a study entry needs a title');
    const doc = this.session.doc;
    let entry: StudyEntry | undefined;
    doc.transact(() => {
      stampMeta(doc, 'study');
      entry = addEntry(
        this.#log,
        newId(),
        { title, form: input.form, minutes: input.minutes, date: input.date ?? localDate() },
        now,
      );
    });
    if (!entry) throw new Error('study entry was not added');
    return entry;
  }
}
