import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import {
  addEntry,
  deleteEntry,
  listEntries,
  readEntry,
  restoreEntry,
  stampMeta,
  studyLog,
  updateEntry,
  yearTotals,
  type StudyEntry,
  type StudyEntryPatch,
  type StudyForm,
  type StudyLog,
  type YearTotals,
} from '@branchbook/model';
import { newId } from '$lib/device/ids.ts';
import { localDate } from '$lib/shared/dates.ts';
import { groupByMonth, type MonthGroup } from '$lib/study/group-by-month.ts';
import { yearsOf } from '$lib/study/year-param.ts';
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
  place?: string;
}

/**
 * A member's study log (`study:<userId>`) for the UI: reactive entries, months and totals read
 * from the doc; `add`, `update`, `remove` and `restore` are the only ways to write. A read-only
 * log (a committee member viewing someone else's) refuses writes — the server would drop them.
 */
export class StudyLogState {
  readonly session: DocSession;
  readonly readOnly: boolean;
  #log: StudyLog;
  #subscribe: () => void;

  /** Live entries, newest first. */
  readonly entries: StudyEntry[] = $derived.by(() => {
    this.#subscribe();
    return listEntries(this.#log);
  });
  /** Entries by calendar month, newest month first. */
  readonly months: MonthGroup<StudyEntry>[] = $derived(groupByMonth(this.entries));
  /** Calendar years that have entries, newest first. */
  readonly years: number[] = $derived(yearsOf(this.entries));

  constructor(session: DocSession, options: { readOnly?: boolean } = {}) {
    this.session = session;
    this.readOnly = options.readOnly ?? false;
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

  /**
   * Whether the totals mean something yet: the device copy holds entries, or the server's copy
   * has arrived. A log never seen online shows as unknown rather than as zero.
   */
  get known(): boolean {
    return this.ready && (this.entries.length > 0 || this.session.receivedServerState);
  }

  /** One entry, deleted or not; undefined when there is none with this id (yet). */
  entry(id: string): StudyEntry | undefined {
    this.#subscribe();
    const map = this.#log.get(id);
    return map ? readEntry(id, map) : undefined;
  }

  /** The 学时 of a year, or of one quarter of it. */
  totalsFor(year: number, quarter?: number): YearTotals {
    return yearTotals(this.entries, year, quarter);
  }

  /** Records a session; throws `StudyInputRejected` for invalid input, `Error` for an empty title. */
  add(input: NewStudyEntry, now: number = Date.now()): StudyEntry {
    this.#assertWritable();
    const title = input.title.trim();
    if (title === '') throw new Error('a study entry needs a title');
    const place = input.place?.trim() ?? '';
    const doc = this.session.doc;
    let entry: StudyEntry | undefined;
    doc.transact(() => {
      stampMeta(doc, 'study');
      entry = addEntry(
        this.#log,
        newId(),
        {
          title,
          form: input.form,
          minutes: input.minutes,
          date: input.date ?? localDate(),
          ...(place ? { place } : {}),
        },
        now,
      );
    });
    if (!entry) throw new Error('study entry was not added');
    return entry;
  }

  /**
   * Writes only the fields in `patch`, so two devices editing different fields of one entry
   * offline both keep their edit. Throws `StudyInputRejected` for invalid values.
   */
  update(id: string, patch: StudyEntryPatch): void {
    this.#assertWritable();
    updateEntry(this.#log, id, patch);
  }

  /** Marks an entry deleted; `restore` brings it back (the undo of the toast). */
  remove(id: string): void {
    this.#assertWritable();
    deleteEntry(this.#log, id);
  }

  restore(id: string): void {
    this.#assertWritable();
    restoreEntry(this.#log, id);
  }

  #assertWritable(): void {
    if (this.readOnly) throw new Error('this study log is read-only here');
  }
}

/** The signed-in member's own log, shared by every screen under /study. */
const [getStudyLog, setStudyLog] = createContext<StudyLogState>();
export { getStudyLog, setStudyLog };
