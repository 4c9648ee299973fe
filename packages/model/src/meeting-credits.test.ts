import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import { runConvergence, type Op } from './testing/index.ts';
import * as Y from 'yjs';
import {
  applyMeetingCredits,
  creditsMember,
  meetingEntryId,
  settledWithoutCredit,
} from './meeting-credits.ts';
import {
  expectMembers,
  initMeeting,
  readMeeting,
  setAttendee,
  updateMeeting,
} from './meeting-record.ts';
import {
  deleteEntry,
  listEntries,
  restoreEntry,
  studyLog,
  updateEntry,
  yearTotals,
} from './study-log.ts';

function heldMeeting(): Y.Doc {
  const doc = new Y.Doc();
  initMeeting(doc, { id: 'm1', branchId: 'b1', kind: 'general', date: '2026-11-20' });
  expectMembers(doc, [
    { userId: 'u1', name: '李建国' },
    { userId: 'u2', name: '王芳' },
  ]);
  setAttendee(doc, 'u1', { status: 'present' });
  setAttendee(doc, 'u2', { status: 'absent', reason: '出差' });
  updateMeeting(doc, {
    status: 'held',
    start: '14:00',
    end: '16:00',
    place: '活动室',
    studyTitle: '学习《中国共产党支部工作条例（试行）》',
    credit: 2,
  });
  return doc;
}

describe('enter once: a held meeting credits those present', () => {
  it('writes the entry for a present member, none for an absent one, and counts it in the year', () => {
    const record = readMeeting(heldMeeting());
    const mine = new Y.Doc();
    expect(applyMeetingCredits(studyLog(mine), [record], 'u1')).toEqual([meetingEntryId('m1')]);
    const [entry] = listEntries(studyLog(mine));
    expect(entry).toMatchObject({
      date: '2026-11-20',
      minutes: 120,
      credit: 2,
      form: 'group',
      title: '学习《中国共产党支部工作条例（试行）》',
      place: '活动室',
      meetingId: 'm1',
    });
    expect(yearTotals(listEntries(studyLog(mine)), 2026).counted).toBe(2);
    const absent = new Y.Doc();
    expect(applyMeetingCredits(studyLog(absent), [record], 'u2')).toEqual([]);
    expect(listEntries(studyLog(absent))).toEqual([]);
  });

  it('nothing before it is held, or without study content', () => {
    const doc = heldMeeting();
    updateMeeting(doc, { status: 'draft' });
    expect(creditsMember(readMeeting(doc), 'u1')).toBe(false);
    updateMeeting(doc, { status: 'held', credit: 0 });
    expect(creditsMember(readMeeting(doc), 'u1')).toBe(false);
  });

  it('two devices deriving at once make one entry; a correction and a decline stay', () => {
    const record = readMeeting(heldMeeting());
    const phone = new Y.Doc();
    const laptop = new Y.Doc();
    applyMeetingCredits(studyLog(phone), [record], 'u1', 1);
    applyMeetingCredits(studyLog(laptop), [record], 'u1', 2);
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop));
    expect(listEntries(studyLog(phone))).toHaveLength(1);
    expect(listEntries(studyLog(phone))).toEqual(listEntries(studyLog(laptop)));

    // The member corrects the hours: the app opening again writes nothing over it.
    const id = meetingEntryId('m1');
    updateEntry(studyLog(phone), id, { credit: 1.5 });
    expect(applyMeetingCredits(studyLog(phone), [record], 'u1')).toEqual([]);
    expect(listEntries(studyLog(phone))[0]?.credit).toBe(1.5);
    // Declined on one device: declined on the other too, and not derived again there.
    deleteEntry(studyLog(phone), id);
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(laptop)));
    expect(applyMeetingCredits(studyLog(laptop), [record], 'u1')).toEqual([]);
    expect(listEntries(studyLog(laptop))).toEqual([]);
    restoreEntry(studyLog(laptop), id);
    expect(listEntries(studyLog(laptop))[0]?.credit).toBe(1.5);
  });
});

describe('enter once: a record that will not credit someone stops being read', () => {
  it('is settled for the absent a month after its date, never for those it credits', () => {
    const record = readMeeting(heldMeeting());
    expect(settledWithoutCredit(record, 'u2', '2026-12-20')).toBe(false);
    expect(settledWithoutCredit(record, 'u2', '2026-12-21')).toBe(true);
    expect(settledWithoutCredit(record, 'u1', '2027-06-01')).toBe(false);
    // Someone not on the list at all (a member who joined later) is settled the same way.
    expect(settledWithoutCredit(record, 'u9', '2027-06-01')).toBe(true);
  });

  it('is never settled before it is held, nor when its date is unknown', () => {
    const doc = heldMeeting();
    updateMeeting(doc, { status: 'draft' });
    expect(settledWithoutCredit(readMeeting(doc), 'u2', '2027-06-01')).toBe(false);
    const undated = { ...readMeeting(heldMeeting()), date: '' };
    expect(settledWithoutCredit(undated, 'u2', '2027-06-01')).toBe(false);
  });
});

describe('enter once: convergence', () => {
  // Three held records; each device derives from what it has heard, corrects and declines.
  const records = ['m1', 'm2', 'm3'].map((id) => {
    const doc = heldMeeting();
    updateMeeting(doc, { credit: id === 'm3' ? 4 : 2 });
    return { ...readMeeting(doc), id };
  });
  const ops: Op[] = [
    (doc, rng) =>
      applyMeetingCredits(
        studyLog(doc),
        records.filter(() => prng.bool(rng)),
        'u1',
      ),
    (doc, rng) => {
      const id = meetingEntryId(prng.oneOf(rng, records).id);
      if (studyLog(doc).has(id)) updateEntry(studyLog(doc), id, { credit: prng.uint32(rng, 1, 8) });
    },
    (doc, rng) => deleteEntry(studyLog(doc), meetingEntryId(prng.oneOf(rng, records).id)),
    (doc, rng) => restoreEntry(studyLog(doc), meetingEntryId(prng.oneOf(rng, records).id)),
  ];
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: at most one entry per record', (seed) => {
    const { docs } = runConvergence({
      seed,
      peers: 2 + (seed % 2),
      rounds: 20,
      ops,
      view: (doc) => listEntries(studyLog(doc)),
      validate: (entries) => {
        const ids = entries.map((e) => e.meetingId);
        expect(new Set(ids).size).toBe(ids.length);
      },
    });
    // Deriving is idempotent: whatever one pass writes (records no device had derived yet),
    // the next writes nothing, and a record any device derived — or declined — is left alone.
    for (const doc of docs) {
      const held = new Set([...studyLog(doc).keys()]);
      const written = applyMeetingCredits(studyLog(doc), records, 'u1');
      expect(written.filter((id) => held.has(id))).toEqual([]);
      expect(applyMeetingCredits(studyLog(doc), records, 'u1')).toEqual([]);
    }
  });
});
