import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { runConvergence, type Op } from './testing/index.ts';
import { editTextField, readTextField } from './text-field.ts';
import {
  ATTENDANCE_STATUSES,
  MeetingInputRejected,
  addMeetingEntry,
  expectMembers,
  guestKey,
  headcount,
  initMeeting,
  meetingText,
  moveMeetingEntry,
  quorum,
  readMeeting,
  removeAttendee,
  removeMeetingEntry,
  setAttendee,
  updateMeeting,
  updateMeetingEntry,
  type MeetingList,
  type MeetingRecord,
} from './meeting-record.ts';

const ROSTER = [
  { userId: 'u1', name: '李建国' },
  { userId: 'u2', name: '王芳' },
  { userId: 'u3', name: '孙伟' },
  { userId: 'u4', name: '赵磊' },
  { userId: 'u5', name: '钱红' },
  { userId: 'u6', name: '陈刚', voting: false },
];

function generalMeeting(): Y.Doc {
  const doc = new Y.Doc();
  initMeeting(doc, { id: 'm1', branchId: 'b1', kind: 'general', date: '2026-11-20' });
  return doc;
}

/** Updates of `from` applied to `to`, as a reconnect does. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('meeting record', () => {
  it('records a general meeting: attendance, quorum as a warning, study content, resolutions', () => {
    const doc = generalMeeting();
    expectMembers(doc, ROSTER);
    for (const id of ['u1', 'u2', 'u3']) setAttendee(doc, id, { status: 'present' });
    setAttendee(doc, 'u4', { status: 'absent', reason: '在工地值守' });
    setAttendee(doc, guestKey('g1'), {
      name: '刘洋',
      from: '首都博物馆第一党支部',
      status: 'present',
    });
    let record = readMeeting(doc);
    // 5 voting members (陈刚 is probationary), 3 present: more than half.
    expect(quorum(record)).toEqual({ applies: true, voting: 5, present: 3, met: true });
    setAttendee(doc, 'u3', { status: 'leave' });
    record = readMeeting(doc);
    expect(quorum(record).met).toBe(false);
    expect(headcount(record)).toEqual({ expected: 6, present: 2, absent: 1, leave: 1, guests: 1 });
    // Members in pinyin order, guests last.
    expect(record.attendance.map((a) => a.name)).toEqual([
      '陈刚',
      '李建国',
      '钱红',
      '孙伟',
      '王芳',
      '赵磊',
      '刘洋',
    ]);
    expect(record.attendance.find((a) => a.key === 'u4')).toMatchObject({
      status: 'absent',
      reason: '在工地值守',
      voting: true,
    });
    expect(record.attendance.at(-1)).toMatchObject({ guest: true, voting: false });

    updateMeeting(doc, {
      status: 'held',
      start: '14:30',
      end: '16:30',
      studyTitle: '学习《中国共产党支部工作条例（试行）》',
      credit: 2,
    });
    addMeetingEntry(doc, 'resolutions', 'r1', {
      text: '接收王芳为预备党员',
      for: 4,
      against: 0,
      abstain: 1,
    });
    addMeetingEntry(doc, 'agreed', 'a1', {
      text: '整理发掘日志',
      owner: '孙伟',
      deadline: '2026-12-15',
    });
    record = readMeeting(doc);
    expect(record).toMatchObject({
      status: 'held',
      start: '14:30',
      study: { credit: 2, title: '学习《中国共产党支部工作条例（试行）》' },
      resolutions: [{ id: 'r1', for: 4, against: 0, abstain: 1 }],
      agreed: [{ id: 'a1', owner: '孙伟', status: 'open' }],
    });
    // Other kinds have no quorum rule.
    updateMeeting(doc, { kind: 'committee' });
    expect(quorum(readMeeting(doc)).applies).toBe(false);
  });

  it('refuses what is not a value, and changes nothing then', () => {
    const doc = generalMeeting();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => updateMeeting(doc, { date: '2026-13-01' })).toThrow(MeetingInputRejected);
    expect(() => updateMeeting(doc, { credit: 30 })).toThrow(MeetingInputRejected);
    expect(() => setAttendee(doc, 'u/1', { name: 'x' })).toThrow(MeetingInputRejected);
    expect(() => addMeetingEntry(doc, 'resolutions', 'r1', { for: -1 })).toThrow(
      MeetingInputRejected,
    );
    expect(() =>
      initMeeting(new Y.Doc(), { id: 'm', branchId: 'b', kind: 'x' as 'general' }),
    ).toThrow(MeetingInputRejected);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('two recorders listing the branch offline make one list, each keeping what they marked', () => {
    const a = generalMeeting();
    const b = new Y.Doc();
    sync(a, b);
    // Both start from the roster, offline, and mark different things about the same people.
    expectMembers(a, ROSTER);
    expectMembers(b, ROSTER);
    setAttendee(a, 'u4', { status: 'absent' });
    setAttendee(b, 'u4', { reason: '在工地值守' });
    setAttendee(b, 'u2', { status: 'present' });
    removeAttendee(a, 'u5');
    sync(a, b);
    const view = readMeeting(a);
    expect(readMeeting(b)).toEqual(view);
    expect(view.attendance.map((x) => x.key).sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u6']);
    expect(view.attendance.find((x) => x.key === 'u4')).toMatchObject({
      status: 'absent',
      reason: '在工地值守',
    });
    expect(view.attendance.find((x) => x.key === 'u6')?.voting).toBe(false);
    // Listing 钱红 again brings her back, with nothing lost.
    setAttendee(b, 'u5', { name: '钱红' });
    expect(readMeeting(b).attendance.map((x) => x.key)).toContain('u5');
  });

  it('orders, moves and removes list entries with tombstones', () => {
    const doc = generalMeeting();
    addMeetingEntry(doc, 'agenda', 't1', { title: '传达上级精神' });
    addMeetingEntry(doc, 'agenda', 't2', { title: '讨论发展党员' });
    addMeetingEntry(doc, 'agenda', 't0', { title: '通报上月工作' }, 0);
    expect(readMeeting(doc).agenda.map((t) => t.id)).toEqual(['t0', 't1', 't2']);
    moveMeetingEntry(doc, 'agenda', 't2', 0);
    removeMeetingEntry(doc, 'agenda', 't1');
    expect(readMeeting(doc).agenda.map((t) => t.id)).toEqual(['t2', 't0']);
    updateMeetingEntry(doc, 'agenda', 't0', { title: '通报十一月工作' });
    expect(readMeeting(doc).agenda[1]?.title).toBe('通报十一月工作');
  });

  it('adds spending lines up to the record’s total; a removed line leaves it', () => {
    const doc = generalMeeting();
    expect(readMeeting(doc)).toMatchObject({ spending: [], spendingFen: 0 });
    addMeetingEntry(doc, 'spending', 's1', { item: '学习资料印制', amountFen: 12050 });
    addMeetingEntry(doc, 'spending', 's2', { item: '场地租用', amountFen: 30000 });
    expect(readMeeting(doc)).toMatchObject({
      spending: [
        { id: 's1', item: '学习资料印制', amountFen: 12050 },
        { id: 's2', item: '场地租用', amountFen: 30000 },
      ],
      spendingFen: 42050,
    });
    updateMeetingEntry(doc, 'spending', 's2', { amountFen: 0 });
    removeMeetingEntry(doc, 'spending', 's1');
    expect(readMeeting(doc)).toMatchObject({ spendingFen: 0 });
    // Not an amount in fen: refused, nothing written.
    for (const amountFen of [-1, 1.5, Number.NaN]) {
      expect(() => updateMeetingEntry(doc, 'spending', 's2', { amountFen })).toThrow(
        MeetingInputRejected,
      );
    }
    expect(readMeeting(doc).spending).toEqual([{ id: 's2', item: '场地租用', amountFen: 0 }]);
  });

  it('keeps a record’s one amount from before the lines until a line is added', () => {
    const doc = generalMeeting();
    doc.getMap('meeting').set('spendingFen', 5000);
    expect(readMeeting(doc).spendingFen).toBe(5000);
    addMeetingEntry(doc, 'spending', 's1', { item: '资料', amountFen: 800 });
    expect(readMeeting(doc).spendingFen).toBe(800);
  });

  it('merges two recorders typing into one agenda title and one spending item character-wise', () => {
    const a = generalMeeting();
    const b = new Y.Doc();
    addMeetingEntry(a, 'agenda', 't1', { title: '传达精神' });
    addMeetingEntry(a, 'spending', 's1', { item: '资料', amountFen: 100 });
    sync(a, b);
    const title = (doc: Y.Doc) => meetingText(doc, { list: 'agenda', id: 't1', key: 'title' });
    const item = (doc: Y.Doc) => meetingText(doc, { list: 'spending', id: 's1', key: 'item' });
    editTextField(title(a), { index: 0, remove: 0, insert: '学习' });
    editTextField(title(b), { index: 4, remove: 0, insert: '并讨论' });
    editTextField(item(a), { index: 0, remove: 0, insert: '学习' });
    editTextField(item(b), { index: 2, remove: 0, insert: '印制' });
    sync(a, b);
    for (const doc of [a, b]) {
      expect(readMeeting(doc).agenda[0]?.title).toBe('学习传达精神并讨论');
      expect(readMeeting(doc).spending[0]?.item).toBe('学习资料印制');
    }
  });

  it('reads a schema-1 title (a string in the entry) until its text is first written', () => {
    const doc = generalMeeting();
    const entries = doc.getMap('agenda');
    const entry = new Y.Map<unknown>();
    entries.set('t1', entry);
    entry.set('title', '通报上月工作');
    entry.set('order', 'a0');
    expect(readMeeting(doc).agenda[0]?.title).toBe('通报上月工作');
    editTextField(meetingText(doc, { list: 'agenda', id: 't1', key: 'title' }), {
      index: 2,
      remove: 0,
      insert: '十一',
    });
    expect(readMeeting(doc).agenda[0]?.title).toBe('通报十一上月工作');
    // Only the list's typed fields are texts.
    expect(() => meetingText(doc, { list: 'resolutions', id: 'r1', key: 'text' })).toThrow();
  });
});

describe('meeting record: convergence', () => {
  const people = ['u1', 'u2', 'u3', 'u4', guestKey('g1')];
  const lists: MeetingList[] = ['agenda', 'resolutions', 'agreed', 'spending'];
  let next = 0;
  const ops: Op[] = [
    (doc, rng) => expectMembers(doc, ROSTER.slice(0, prng.uint32(rng, 1, ROSTER.length))),
    (doc, rng) =>
      setAttendee(doc, prng.oneOf(rng, people), {
        name: prng.oneOf(rng, ['李建国', '王芳', '刘洋']),
        status: prng.oneOf(rng, [...ATTENDANCE_STATUSES]),
      }),
    (doc, rng) => setAttendee(doc, prng.oneOf(rng, people), { reason: prng.word(rng, 0, 6) }),
    (doc, rng) => setAttendee(doc, prng.oneOf(rng, people), { voting: prng.bool(rng) }),
    (doc, rng) => removeAttendee(doc, prng.oneOf(rng, people)),
    (doc, rng, peer) =>
      addMeetingEntry(doc, prng.oneOf(rng, lists), `e${peer}x${next++}`, {
        text: prng.word(rng, 1, 8),
        title: prng.word(rng, 0, 6),
        item: prng.word(rng, 0, 6),
        for: prng.uint32(rng, 0, 9),
        amountFen: prng.uint32(rng, 0, 99_999),
      }),
    (doc, rng) => {
      // Typing into a topic's title or a line's item, at once on several devices.
      const list = prng.oneOf(rng, ['agenda', 'spending'] as const);
      const entry = prng.oneOf(rng, [...readMeeting(doc)[list], undefined]);
      if (!entry) return;
      const field = meetingText(doc, {
        list,
        id: entry.id,
        key: list === 'agenda' ? 'title' : 'item',
      });
      // Read without defining the text: a text defined but never written is on one device only.
      const length = readTextField(field).length;
      const change = {
        index: prng.uint32(rng, 0, length),
        remove: prng.uint32(rng, 0, Math.min(2, length)),
        insert: prng.word(rng, 0, 3),
      };
      if (change.remove > 0 || change.insert !== '') editTextField(field, change);
    },
    (doc, rng) => {
      const list = prng.oneOf(rng, lists);
      const entries = readMeeting(doc)[list];
      const entry = entries[prng.uint32(rng, 0, Math.max(0, entries.length - 1))];
      if (!entry) return;
      const action = prng.uint32(rng, 0, 2);
      if (action === 0) updateMeetingEntry(doc, list, entry.id, { text: prng.word(rng, 1, 8) });
      else if (action === 1)
        moveMeetingEntry(doc, list, entry.id, prng.uint32(rng, 0, entries.length));
      else removeMeetingEntry(doc, list, entry.id);
    },
    (doc, rng) =>
      updateMeeting(doc, {
        status: prng.bool(rng) ? 'held' : 'draft',
        credit: prng.uint32(rng, 0, 8),
      }),
  ];

  function validate(view: MeetingRecord): void {
    const keys = view.attendance.map((a) => a.key);
    expect(new Set(keys).size, 'each person once').toBe(keys.length);
    for (const list of lists) {
      const ids = view[list].map((e) => e.id);
      expect(new Set(ids).size, `each ${list} entry once`).toBe(ids.length);
    }
    for (const a of view.attendance) {
      if (a.guest) expect(a.voting).toBe(false);
    }
    expect(view.spendingFen, 'the total is the lines’').toBe(
      view.spending.length > 0 ? view.spending.reduce((sum, l) => sum + l.amountFen, 0) : 0,
    );
  }

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('seed %i', (seed) => {
    const { view } = runConvergence({
      seed,
      peers: 2 + (seed % 3),
      rounds: 25,
      init: (doc, peer) => {
        if (peer === 0) initMeeting(doc, { id: 'm1', branchId: 'b1', kind: 'general' });
      },
      ops,
      view: readMeeting,
      validate,
    });
    expect(view.branchId).toBe('b1');
  });
});
