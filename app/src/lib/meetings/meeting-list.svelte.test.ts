import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  deleteEntry,
  initMeeting,
  meetingEntryId,
  readEntry,
  readMeeting,
  setAttendee,
  studyLog,
  updateMeeting,
} from '@branchbook/model';
import { ApiError } from '$lib/account/api.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { memoryStorage } from '$lib/device/storage.ts';
import { Outbox, type Timers } from '$lib/sync/outbox.svelte.ts';
import type { Registrars } from '$lib/sync/registrars.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import { MeetingListState, loadedMeeting } from './meeting-list.svelte.ts';
import { meetingIndexKey, readMeetingIndex } from './meeting-index.ts';
import { MeetingState } from './meeting.svelte.ts';
import { creditMeetings } from './enter-once.ts';
import { creatableKinds, meetingFacts, meetingRights } from './meeting-access.ts';

/**
 * The meeting list drafts records on the device (offline too) and hands their registration to
 * the outbox; the record screen's state writes attendance and study content; enter once writes a
 * present member's entry into their own log, once. Documents are stored in fake-indexeddb.
 */

const session: AccountSession = {
  serverUrl: 'http://h',
  token: 'bb_t',
  userId: 'sec',
  name: '周洁',
  branches: [{ branchId: 'b1', name: '考古工地临时党支部', role: 'secretary' }],
};
const account = {
  session,
  userId: 'sec',
  branch: session.branches[0] ?? null,
  markRevoked: () => undefined,
};
const noTimers: Timers = { set: () => 0, clear: () => undefined };

function registry() {
  const sent: string[] = [];
  const state = { down: false };
  const answer = (what: string) => {
    sent.push(what);
    return state.down ? Promise.reject(new ApiError('network', 0, 'offline')) : Promise.resolve();
  };
  const registrars: Registrars = {
    plan: () => Promise.resolve(),
    lesson: () => Promise.resolve(),
    meeting: (_server, id, p) =>
      answer(`${id} ${p.branch} ${p.kind} ${p.group ?? '-'} ${(p.participants ?? []).join('+')}`),
  };
  return { sent, state, registrars };
}

function serverList(meetings: unknown[]) {
  vi.stubGlobal('fetch', async (url: URL) => {
    if (url.pathname !== '/api/meetings') return new Response('{}', { status: 404 });
    return new Response(JSON.stringify({ meetings }), { status: 200 });
  });
}

/** A record as another device made it, stored in this device's IndexedDB. */
async function storedRecord(id: string, write: (doc: Y.Doc) => void): Promise<void> {
  const s = openDoc('meeting', id, null);
  await s.ready;
  write(s.doc);
  await s.flushed();
  await s.destroy();
}

let seq = 0;
const freshId = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('MeetingListState', () => {
  it('drafts a record offline, lists it as on this device, registers it when the server answers', async () => {
    const storage = memoryStorage();
    const api = registry();
    api.state.down = true;
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new MeetingListState(() => session, 'sec', outbox, { storage });

    const id = await list.create({ branchId: 'b1', kind: 'general', date: '2026-11-20' });
    expect(api.sent).toEqual([`${id} b1 general - `]);
    expect(list.items).toMatchObject([
      { id, kind: 'general', date: '2026-11-20', status: 'draft', where: 'device' },
    ]);
    expect(readMeetingIndex(storage, 'sec')).toMatchObject([{ id, branchId: 'b1', known: true }]);
    // The document is on the device, initialised.
    const s = openDoc('meeting', id, null);
    expect(await loadedMeeting(s, 1000)).toMatchObject({ id, branchId: 'b1', kind: 'general' });
    await s.destroy();

    api.state.down = false;
    await outbox.kick();
    expect(outbox.phase('meeting', id)).toBe('registered');
    expect(list.items[0]?.where).toBe('unknown');
    serverList([{ id, branchId: 'b1', kind: 'general', participantIds: [] }]);
    await list.refresh();
    expect(list.source).toBe('server');
    expect(list.items[0]?.where).toBe('server');
  });

  it('registers a group meeting with its group and a talk with its two people, nothing else', async () => {
    const storage = memoryStorage();
    const api = registry();
    const outbox = new Outbox(account, { storage, registrars: api.registrars, timers: noTimers });
    const list = new MeetingListState(() => session, 'sec', outbox, { storage });
    const g = await list.create({
      branchId: 'b1',
      kind: 'group',
      date: '2026-11-21',
      groupId: 'g1',
    });
    const t = await list.create({
      branchId: 'b1',
      kind: 'talk',
      date: '2026-11-22',
      participants: ['sec', 'm2'],
      groupId: 'ignored',
    });
    const c = await list.create({
      branchId: 'b1',
      kind: 'committee',
      date: '2026-11-23',
      participants: ['x', 'y'],
    });
    await outbox.kick();
    expect(api.sent).toEqual([
      `${g} b1 group g1 `,
      `${t} b1 talk - sec+m2`,
      `${c} b1 committee - `,
    ]);
    // Newest date first.
    expect(list.items.map((m) => m.id)).toEqual([c, t, g]);
    expect(list.items.find((m) => m.id === t)?.participantIds).toEqual(['sec', 'm2']);
  });

  it('lists what only the server has, then learns its date and status by opening it', async () => {
    const storage = memoryStorage();
    const outbox = new Outbox(account, {
      storage,
      registrars: registry().registrars,
      timers: noTimers,
    });
    const list = new MeetingListState(() => session, 'sec', outbox, { storage });
    const id = freshId('srv');
    await storedRecord(id, (doc) => {
      initMeeting(doc, { id, branchId: 'b1', kind: 'lecture', date: '2026-10-08' });
      updateMeeting(doc, { status: 'held' });
    });
    serverList([{ id, branchId: 'b1', kind: 'lecture', participantIds: [] }]);
    await list.refresh();
    expect(list.items).toMatchObject([{ id, known: false, date: '', where: 'server' }]);
    await list.learnUnknown((m) => openDoc('meeting', m, null), 1000);
    expect(list.items).toMatchObject([
      { id, known: true, date: '2026-10-08', status: 'held', where: 'server' },
    ]);
    expect(storage.data.has(meetingIndexKey('sec'))).toBe(true);
    // The server being down leaves the list as it was.
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    await list.refresh();
    expect(list.source).toBe('device');
    expect(list.items).toHaveLength(1);
  });
});

describe('MeetingState', () => {
  it('lists the roster once, records attendance, guests, study content and the quorum', async () => {
    const doc = new Y.Doc();
    initMeeting(doc, { id: 'mt1', branchId: 'b1', kind: 'general', date: '2026-11-20' });
    const state = new MeetingState({ doc, localStore: 'ready' } as never);
    const roster = ['甲', '乙', '丙', '丁', '戊'].map((name, i) => ({ userId: `u${i}`, name }));
    state.expectRoster(roster);
    state.setAttendee('u0', { status: 'present' });
    state.expectRoster(roster);
    expect(readMeeting(doc).attendance).toHaveLength(5);
    expect(readMeeting(doc).attendance.find((a) => a.key === 'u0')?.status).toBe('present');

    for (const key of ['u1', 'u2']) state.setAttendee(key, { status: 'present' });
    expect(state.quorum).toMatchObject({ applies: true, voting: 5, present: 3, met: true });
    state.setAttendee('u2', { status: 'absent', reason: '出差' });
    expect(state.quorum).toMatchObject({ present: 2, met: false });
    // A probationary member does not count for the quorum.
    state.setAttendee('u4', { voting: false });
    expect(state.quorum).toMatchObject({ voting: 4, present: 2, met: false });
    state.addGuest(' 王老师 ', ' 博物馆党支部 ');
    expect(state.record.attendance.find((a) => a.guest)).toMatchObject({
      name: '王老师',
      from: '博物馆党支部',
      status: 'present',
    });
    state.removeAttendee('u3');
    expect(state.record.attendance.filter((a) => !a.guest)).toHaveLength(4);

    state.update({ studyTitle: '党章', credit: 2, status: 'held' });
    const r = state.addEntry('resolutions', { text: '同意接收', for: 3 });
    state.updateEntry('resolutions', r, { against: 1 });
    const a = state.addEntry('agreed', { text: '整理台账' });
    state.removeEntry('agreed', a);
    expect(state.record).toMatchObject({
      status: 'held',
      study: { title: '党章', credit: 2 },
      resolutions: [{ text: '同意接收', for: 3, against: 1, abstain: 0 }],
      agreed: [],
    });
    expect(() => state.update({ credit: 30 })).toThrow();
  });
});

describe('meeting rights on the device', () => {
  it('the committee writes, a member reads a general meeting, a group leader writes their group', () => {
    const member = { userId: 'm1', memberships: [{ branchId: 'b1', role: 'member' as const }] };
    const secretary = {
      userId: 's1',
      memberships: [{ branchId: 'b1', role: 'secretary' as const }],
    };
    const general = meetingFacts(
      { branchId: 'b1', kind: 'general', groupId: '', participantIds: [] },
      null,
    );
    expect(meetingRights(secretary, 'x', general)).toEqual({ read: true, write: true });
    expect(meetingRights(member, 'x', general)).toEqual({ read: true, write: false });
    const group = meetingFacts(
      { branchId: 'b1', kind: 'group', groupId: 'g1', participantIds: [] },
      { branchId: 'b1', groups: [{ id: 'g1', name: '一组', leaderId: 'm1', memberIds: ['m1'] }] },
    );
    expect(meetingRights(member, 'x', group).write).toBe(true);
  });
});

describe('creatableKinds', () => {
  const groups = {
    branchId: 'b1',
    groups: [{ id: 'g1', name: '一组', leaderId: 'lead', memberIds: ['lead', 'm1'] }],
  };
  const who = (userId: string, role: 'secretary' | 'committee' | 'member', branchId = 'b1') => ({
    userId,
    memberships: [{ branchId, role }],
  });
  it('the committee every kind, a group leader their group, a member talks, another branch none', () => {
    expect(creatableKinds(who('s', 'secretary'), 'b1', groups)).toEqual([
      'general',
      'committee',
      'group',
      'lecture',
      'themeDay',
      'lifeMeeting',
      'appraisal',
      'study',
      'talk',
    ]);
    expect(creatableKinds(who('c', 'committee'), 'b1', null)).toContain('appraisal');
    // No groups known on the device: no group meeting to offer, even to the committee.
    expect(creatableKinds(who('c', 'committee'), 'b1', null)).not.toContain('group');
    expect(creatableKinds(who('lead', 'member'), 'b1', groups)).toEqual(['group', 'talk']);
    expect(creatableKinds(who('m1', 'member'), 'b1', groups)).toEqual(['talk']);
    expect(creatableKinds(who('x', 'secretary', 'b2'), 'b1', groups)).toEqual([]);
    expect(creatableKinds(who('s', 'secretary'), '', groups)).toEqual([]);
  });
});

describe('creditMeetings (enter once)', () => {
  async function heldGeneral(id: string) {
    await storedRecord(id, (doc) => {
      initMeeting(doc, { id, branchId: 'b1', kind: 'general', date: '2026-11-20' });
      setAttendee(doc, 'm1', { name: '甲', status: 'present' });
      setAttendee(doc, 'm2', { name: '乙', status: 'absent', reason: '出差' });
      updateMeeting(doc, { status: 'held', studyTitle: '学习党章', credit: 2 });
    });
  }

  it('writes the present member one entry, the absent member none, and a decline stays', async () => {
    const id = freshId('held');
    const draft = freshId('draft');
    await heldGeneral(id);
    await storedRecord(draft, (doc) => {
      initMeeting(doc, { id: draft, branchId: 'b1', kind: 'general', date: '2026-11-21' });
      setAttendee(doc, 'm1', { name: '甲', status: 'present' });
      updateMeeting(doc, { credit: 1 });
    });
    const open = (m: string) => openDoc('meeting', m, null);
    const opened: string[] = [];
    const counting = (m: string) => (opened.push(m), open(m));

    const present = studyLog(new Y.Doc());
    const first = await creditMeetings({
      log: present,
      userId: 'm1',
      ids: [id, draft, id],
      open: counting,
    });
    expect(first.written).toEqual([meetingEntryId(id)]);
    expect(first.records).toHaveLength(2);
    const entry = present.get(meetingEntryId(id));
    expect(entry && readEntry(meetingEntryId(id), entry)).toMatchObject({
      credit: 2,
      title: '学习党章',
      date: '2026-11-20',
      meetingId: id,
      deleted: false,
    });

    // Again (the app reopened): the held record is not even opened, nothing is written.
    opened.length = 0;
    const again = await creditMeetings({
      log: present,
      userId: 'm1',
      ids: [id, draft],
      open: counting,
    });
    expect(again.written).toEqual([]);
    expect(opened).toEqual([draft]);

    // Declined (deleted): it stays declined.
    deleteEntry(present, meetingEntryId(id));
    expect((await creditMeetings({ log: present, userId: 'm1', ids: [id], open })).written).toEqual(
      [],
    );
    expect(present.get(meetingEntryId(id))?.get('deleted')).toBe(true);

    const absent = studyLog(new Y.Doc());
    expect((await creditMeetings({ log: absent, userId: 'm2', ids: [id], open })).written).toEqual(
      [],
    );
    expect(absent.size).toBe(0);
  });

  it('two devices of one member, each crediting, merge to one entry', async () => {
    const id = freshId('two');
    await heldGeneral(id);
    const open = (m: string) => openDoc('meeting', m, null);
    const a = new Y.Doc();
    const b = new Y.Doc();
    await creditMeetings({ log: studyLog(a), userId: 'm1', ids: [id], open });
    await creditMeetings({ log: studyLog(b), userId: 'm1', ids: [id], open });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect([...studyLog(a).keys()]).toEqual([meetingEntryId(id)]);
    expect([...studyLog(b).keys()]).toEqual([meetingEntryId(id)]);
  });
});
