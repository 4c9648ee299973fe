import { createSubscriber } from 'svelte/reactivity';
import {
  MEETING_LIST_TEXT_KEYS,
  SCHEMA_VERSION,
  TEXT_MIN_WRITER_VERSION,
  addMeetingEntry,
  canWrite,
  editTextField,
  expectMembers,
  guestKey,
  meetingText,
  moveMeetingEntry,
  quorum,
  readMeeting,
  readMeta,
  readTextField,
  removeAttendee,
  removeMeetingEntry,
  setAttendee,
  stampMeta,
  updateMeeting,
  updateMeetingEntry,
  type AttendeeInput,
  type ListEntryInput,
  type MeetingList,
  type MeetingPatch,
  type MeetingRecord,
  type MeetingTextTarget,
} from '@branchbook/model';
import { newId } from '$lib/device/ids.ts';
import type { BoundText } from '$lib/editor/text-input-binding.ts';
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
  /** False once a newer app raised the record's `minWriterVersion` past this build's schema. */
  readonly schemaWritable: boolean = $derived.by(() => {
    this.#subscribe();
    return canWrite(readMeta(this.session.doc), SCHEMA_VERSION.meeting);
  });

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
    this.#write(() => updateMeeting(this.session.doc, patch));
  }

  /** 按名册添加: every member of the roster once; whoever is listed stays as recorded. */
  expectRoster(members: readonly { userId: string; name: string }[]): void {
    this.#write(() => expectMembers(this.session.doc, members));
  }

  setAttendee(key: string, input: AttendeeInput): void {
    this.#write(() => setAttendee(this.session.doc, key, input));
  }

  removeAttendee(key: string): void {
    this.#write(() => removeAttendee(this.session.doc, key));
  }

  addGuest(name: string, from: string): void {
    this.setAttendee(guestKey(newId()), {
      name: name.trim(),
      from: from.trim(),
      status: 'present',
      voting: false,
    });
  }

  addEntry(list: MeetingList, input: ListEntryInput): string {
    const id = newId();
    this.#write(() => addMeetingEntry(this.session.doc, list, id, input), {
      text: writesText(list, input),
    });
    return id;
  }

  updateEntry(list: MeetingList, id: string, patch: ListEntryInput): void {
    this.#write(() => updateMeetingEntry(this.session.doc, list, id, patch), {
      text: writesText(list, patch),
    });
  }

  /** Moves an agenda topic (or another list's entry) to position `index`. */
  moveEntry(list: MeetingList, id: string, index: number): void {
    this.#write(() => moveMeetingEntry(this.session.doc, list, id, index));
  }

  removeEntry(list: MeetingList, id: string): void {
    this.#write(() => removeMeetingEntry(this.session.doc, list, id));
  }

  /** An entry's one-line text for `use:textInput`: typed changes merge character-wise. */
  textField(target: MeetingTextTarget): BoundText {
    const field = meetingText(this.session.doc, target);
    return {
      text: field.text,
      read: () => readTextField(field),
      edit: (change, origin) =>
        this.#write(() => editTextField(field, change, origin), { text: true, origin }),
    };
  }

  /**
   * Every write stamps the record's meta; one that touches a character-wise text (schema 2)
   * raises `minWriterVersion`, since a schema-1 app would keep writing the old strings.
   */
  #write(fn: () => void, { text = false, origin }: { text?: boolean; origin?: object } = {}): void {
    const doc = this.session.doc;
    doc.transact(() => {
      stampMeta(doc, 'meeting', text ? TEXT_MIN_WRITER_VERSION : 1);
      fn();
    }, origin);
  }
}

/** Whether an entry's input writes one of its list's character-wise texts. */
function writesText(list: MeetingList, input: ListEntryInput): boolean {
  const keys: readonly (keyof ListEntryInput)[] = MEETING_LIST_TEXT_KEYS[list];
  return keys.some((key) => typeof input[key] === 'string' && input[key] !== '');
}
