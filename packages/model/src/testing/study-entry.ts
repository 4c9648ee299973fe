import type { StudyEntry } from '../study-log.ts';

/** A study entry as `readStudyLog` returns it: one hour of group study on 1 May 2026, patched. */
export function studyEntry(partial: Partial<StudyEntry> = {}): StudyEntry {
  return {
    id: 'x',
    date: '2026-05-01',
    minutes: 60,
    credit: 1,
    form: 'group',
    counts: true,
    creditSet: false,
    countsSet: false,
    title: '',
    source: '',
    chapter: '',
    organiser: '',
    place: '',
    leadReader: '',
    reflection: '',
    meetingId: '',
    deleted: false,
    createdAt: 0,
    ...partial,
  };
}
