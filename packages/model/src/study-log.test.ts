import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { runConvergence, type Op } from './testing/index.ts';
import {
  STUDY_FORMS,
  StudyInputRejected,
  addEntry,
  creditFromMinutes,
  deleteEntry,
  listEntries,
  restoreEntry,
  studyLog,
  updateEntry,
  yearTotals,
  type StudyEntry,
} from './study-log.ts';
import { readMeta, stampMeta } from './meta.ts';

describe('study log', () => {
  it('converts duration to 学时: 1 h = 1, half day = 4, full day = 8', () => {
    expect(creditFromMinutes(60)).toBe(1);
    expect(creditFromMinutes(90)).toBe(1.5);
    expect(creditFromMinutes(240)).toBe(4);
    expect(creditFromMinutes(480)).toBe(8);
    expect(creditFromMinutes(600)).toBe(8);
    expect(creditFromMinutes(0)).toBe(0);
  });

  it('derives counts-toward-target from the form, and keeps an explicit choice', () => {
    const log = studyLog(new Y.Doc());
    const group = addEntry(log, 'a', { date: '2026-03-01', minutes: 120, form: 'group' });
    const self = addEntry(log, 'b', { date: '2026-03-02', minutes: 60, form: 'self' });
    expect(group.counts).toBe(true);
    expect(self.counts).toBe(false);
    updateEntry(log, 'b', { counts: true });
    expect(listEntries(log).find((e) => e.id === 'b')?.counts).toBe(true);
    updateEntry(log, 'b', { counts: null });
    expect(listEntries(log).find((e) => e.id === 'b')?.counts).toBe(false);
  });

  it('refuses bad input with every problem named', () => {
    const log = studyLog(new Y.Doc());
    try {
      addEntry(log, 'x', { date: '2026-13-01', minutes: -5, form: 'group' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StudyInputRejected);
      expect((error as StudyInputRejected).errors.map((e) => e.code)).toEqual([
        'bad-date',
        'bad-minutes',
      ]);
    }
    expect(log.size).toBe(0);
  });

  it('deletes with undo', () => {
    const log = studyLog(new Y.Doc());
    addEntry(log, 'a', { date: '2026-03-01', minutes: 60, form: 'group' });
    deleteEntry(log, 'a');
    expect(listEntries(log)).toEqual([]);
    restoreEntry(log, 'a');
    expect(listEntries(log).map((e) => e.id)).toEqual(['a']);
  });

  it('totals a calendar year by form, counting only entries that count', () => {
    const log = studyLog(new Y.Doc());
    addEntry(log, 'a', { date: '2026-01-05', minutes: 240, form: 'group' });
    addEntry(log, 'b', { date: '2026-02-05', minutes: 60, form: 'self' });
    addEntry(log, 'c', { date: '2025-12-31', minutes: 480, form: 'group' });
    addEntry(log, 'd', { date: '2026-06-01', minutes: 30, form: 'lecture', credit: 2 });
    const totals = yearTotals(listEntries(log), 2026);
    expect(totals).toMatchObject({ counted: 6, total: 7 });
    expect(totals.byForm).toMatchObject({ group: 4, self: 1, lecture: 2, online: 0 });
    expect(totals.countedByForm).toMatchObject({ group: 4, self: 0, lecture: 2, online: 0 });
  });

  it('totals one quarter of a year', () => {
    const log = studyLog(new Y.Doc());
    addEntry(log, 'a', { date: '2026-01-05', minutes: 240, form: 'group' });
    addEntry(log, 'b', { date: '2026-03-31', minutes: 60, form: 'self' });
    addEntry(log, 'c', { date: '2026-04-01', minutes: 120, form: 'group' });
    addEntry(log, 'd', { date: '2025-02-01', minutes: 480, form: 'group' });
    expect(yearTotals(listEntries(log), 2026, 1)).toMatchObject({ counted: 4, total: 5 });
    expect(yearTotals(listEntries(log), 2026, 2)).toMatchObject({ counted: 2, total: 2 });
    expect(yearTotals(listEntries(log), 2026, 4)).toMatchObject({ counted: 0, total: 0 });
  });

  it('tells a hand-set credit or counts flag from a derived one', () => {
    const log = studyLog(new Y.Doc());
    const added = addEntry(log, 'a', { date: '2026-03-01', minutes: 90, form: 'self' });
    expect(added).toMatchObject({ credit: 1.5, creditSet: false, counts: false, countsSet: false });
    updateEntry(log, 'a', { credit: 2, counts: true });
    expect(listEntries(log)[0]).toMatchObject({
      credit: 2,
      creditSet: true,
      counts: true,
      countsSet: true,
    });
    updateEntry(log, 'a', { credit: null, counts: null });
    expect(listEntries(log)[0]).toMatchObject({ credit: 1.5, creditSet: false, countsSet: false });
  });

  it('keeps both sides when two devices edit different fields of one entry offline', () => {
    const a = new Y.Doc();
    addEntry(studyLog(a), 'e1', { date: '2026-05-04', minutes: 60, form: 'group' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateEntry(studyLog(a), 'e1', { place: '考古工地' });
    updateEntry(studyLog(b), 'e1', { reflection: '深受教育' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) {
      expect(listEntries(studyLog(doc))[0]).toMatchObject({
        place: '考古工地',
        reflection: '深受教育',
      });
    }
  });
});

const fields = ['title', 'place', 'organiser', 'reflection', 'leadReader'] as const;

function pickEntryId(doc: Y.Doc, rng: prng.PRNG): string | undefined {
  const ids = [...studyLog(doc).keys()];
  return ids.length > 0 ? prng.oneOf(rng, ids) : undefined;
}

const ops: Op[] = [
  (doc, rng, peer) => {
    const id = `p${peer}-${prng.uint32(rng, 0, 1e9)}`;
    const month = String(prng.uint32(rng, 1, 12)).padStart(2, '0');
    addEntry(studyLog(doc), id, {
      date: `2026-${month}-1${prng.uint32(rng, 0, 9)}`,
      minutes: prng.uint32(rng, 1, 8) * 30,
      form: prng.oneOf(rng, [...STUDY_FORMS]),
    });
  },
  (doc, rng) => {
    const id = pickEntryId(doc, rng);
    if (id)
      updateEntry(studyLog(doc), id, { [prng.oneOf(rng, [...fields])]: prng.word(rng, 1, 6) });
  },
  (doc, rng) => {
    const id = pickEntryId(doc, rng);
    if (id) updateEntry(studyLog(doc), id, { minutes: prng.uint32(rng, 1, 600) });
  },
  (doc, rng) => {
    const id = pickEntryId(doc, rng);
    if (id) deleteEntry(studyLog(doc), id);
  },
  (doc, rng) => {
    const id = pickEntryId(doc, rng);
    if (id) restoreEntry(studyLog(doc), id);
  },
];

function validate(entries: StudyEntry[]): void {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new Error(`duplicate entry ${entry.id}`);
    ids.add(entry.id);
    if (!STUDY_FORMS.includes(entry.form)) throw new Error(`bad form ${entry.form}`);
    if (!(entry.credit >= 0 && entry.credit <= 8)) throw new Error(`bad credit ${entry.credit}`);
  }
}

describe('study log convergence (seeded fuzz)', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i converges', (seed) => {
    const { view } = runConvergence({
      seed,
      peers: 2 + (seed % 3),
      rounds: 30,
      init: (doc) => stampMeta(doc, 'study'),
      ops,
      view: (doc) => ({ entries: listEntries(studyLog(doc)), meta: readMeta(doc) }),
      validate: (v) => validate(v.entries),
    });
    expect(view.meta.kind).toBe('study');
  });
});

describe('a new entry in the document', () => {
  it('writes no key for a field left blank, and reads it back as blank', () => {
    const doc = new Y.Doc();
    const entry = addEntry(studyLog(doc), 'e1', {
      date: '2026-11-20',
      minutes: 60,
      form: 'self',
      title: '学习党章',
      source: '',
      reflection: '',
    });
    expect(entry.source).toBe('');
    expect([...(studyLog(doc).get('e1')?.keys() ?? [])].sort()).toEqual([
      'createdAt',
      'date',
      'form',
      'minutes',
      'title',
    ]);
    // Filled in later, on another device: merged as any field edit.
    updateEntry(studyLog(doc), 'e1', { source: '《党章》' });
    expect(listEntries(studyLog(doc))[0]?.source).toBe('《党章》');
  });
});
