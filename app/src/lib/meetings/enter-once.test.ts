import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  expectMembers,
  initMeeting,
  listEntries,
  meetingEntryId,
  setAttendee,
  studyLog,
  updateMeeting,
} from '@branchbook/model';
import { memoryStorage } from '$lib/device/storage.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import { creditMeetings } from './enter-once.ts';
import { addNotForMe, readNotForMe } from './not-for-me.ts';

beforeEach(() => vi.stubGlobal('window', new EventTarget()));
afterEach(() => vi.unstubAllGlobals());

/** A held general meeting on this device: 王芳 (u1) present, 李梅 (u2) absent. */
async function heldOnDevice(id: string, date: string): Promise<void> {
  const session = openDoc('meeting', id, null);
  await session.ready;
  const doc = session.doc;
  initMeeting(doc, { id, branchId: 'b1', kind: 'general', date });
  expectMembers(doc, [
    { userId: 'u1', name: '王芳' },
    { userId: 'u2', name: '李梅' },
  ]);
  setAttendee(doc, 'u1', { status: 'present' });
  setAttendee(doc, 'u2', { status: 'absent', reason: '出差' });
  updateMeeting(doc, { status: 'held', studyTitle: '学习党章', credit: 2 });
  await session.flushed();
  await session.destroy();
}

describe('creditMeetings', () => {
  it('credits those present, and names the old records that will never credit someone', async () => {
    await heldOnDevice('m-old', '2026-09-10');
    await heldOnDevice('m-new', '2026-11-25');
    const now = Date.parse('2026-12-02T08:00:00Z');
    const open = vi.fn((id: string) => openDoc('meeting', id, null));

    const present = await creditMeetings({
      log: studyLog(new Y.Doc()),
      userId: 'u1',
      ids: ['m-old', 'm-new'],
      open,
      now,
    });
    expect(present.written.sort()).toEqual([meetingEntryId('m-new'), meetingEntryId('m-old')]);
    expect(present.settled).toEqual([]);

    const absentLog = studyLog(new Y.Doc());
    const absent = await creditMeetings({
      log: absentLog,
      userId: 'u2',
      ids: ['m-old', 'm-new'],
      open,
      now,
    });
    expect(absent.written).toEqual([]);
    // Three months past and held: settled. Last week's may still be corrected: read again.
    expect(absent.settled).toEqual(['m-old']);
    expect(listEntries(absentLog)).toEqual([]);

    const storage = memoryStorage();
    addNotForMe(storage, 'u2', absent.settled);
    addNotForMe(storage, 'u2', absent.settled);
    expect(readNotForMe(storage, 'u2')).toEqual(['m-old']);
    open.mockClear();
    await creditMeetings({
      log: absentLog,
      userId: 'u2',
      ids: ['m-old', 'm-new'],
      open,
      notForMe: readNotForMe(storage, 'u2'),
      now,
    });
    expect(open.mock.calls.map(([id]) => id)).toEqual(['m-new']);
  });
});
