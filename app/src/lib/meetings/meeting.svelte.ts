import { createSubscriber } from 'svelte/reactivity';
import {
  addMeetingEntry,
  expectMembers,
  guestKey,
  quorum,
  readMeeting,
  removeAttendee,
  removeMeetingEntry,
  setAttendee,
  updateMeeting,
  updateMeetingEntry,
  type AttendeeInput,
  type ListEntryInput,
  type MeetingList,
  type MeetingPatch,
  type MeetingRecord,
} from '@branchbook/model';
import { newId } from '$lib/device/ids.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';

/**
 * One meeting record open on its screen: the record as read from the document (re-read on every
 * change, local or from the server) and the recorder's writes. Whether this user may write is
 * the screen's (`meetingRights`); the server refuses a write of a reader anyway.
 */
export class MeetingState {
  readonly session: DocSession;
  #subscribe: () => void;

  readonly record: MeetingRecord = $derived.by(() => {
    this.#subscribe();
    return readMeeting(this.session.doc);
  });
  readonly quorum = $derived(quorum(this.record));

  constructor(session: DocSession) {
    this.session = session;
    const doc = session.doc;
    this.#subscribe = createSubscriber((update) => {
      doc.on('update', update);
      return () => doc.off('update', update);
    });
  }

  /** The record's content is here: created on this device, or received from the server. */
  get loaded(): boolean {
    return this.record.id !== '';
  }

  get ready(): boolean {
    return this.session.localStore !== 'opening';
  }

  update(patch: MeetingPatch): void {
    updateMeeting(this.session.doc, patch);
  }

  /** 按名册添加: every member of the roster once; whoever is listed stays as recorded. */
  expectRoster(members: readonly { userId: string; name: string }[]): void {
    expectMembers(this.session.doc, members);
  }

  setAttendee(key: string, input: AttendeeInput): void {
    setAttendee(this.session.doc, key, input);
  }

  removeAttendee(key: string): void {
    removeAttendee(this.session.doc, key);
  }

  addGuest(name: string, from: string): void {
    setAttendee(this.session.doc, guestKey(newId()), {
      name: name.trim(),
      from: from.trim(),
      status: 'present',
      voting: false,
    });
  }

  addEntry(list: MeetingList, input: ListEntryInput): string {
    const id = newId();
    addMeetingEntry(this.session.doc, list, id, input);
    return id;
  }

  updateEntry(list: MeetingList, id: string, patch: ListEntryInput): void {
    updateMeetingEntry(this.session.doc, list, id, patch);
  }

  removeEntry(list: MeetingList, id: string): void {
    removeMeetingEntry(this.session.doc, list, id);
  }
}
