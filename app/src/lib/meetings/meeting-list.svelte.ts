import { createContext } from 'svelte';
import {
  initMeeting,
  readMeeting,
  updateMeeting,
  type MeetingKind,
  type MeetingRecord,
} from '@branchbook/model';
import { API } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import { newId } from '$lib/device/ids.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { loadedDoc } from '$lib/sync/loaded-doc.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import type { Outbox } from '$lib/sync/outbox.svelte.ts';
import {
  mergeMeetingLists,
  readMeetingIndex,
  summaryOf,
  upsertLocalMeeting,
  writeMeetingIndex,
  type LocalMeeting,
  type MeetingListItem,
  type ServerMeeting,
} from './meeting-index.ts';

export interface NewMeeting {
  branchId: string;
  kind: MeetingKind;
  date: string;
  /** A group meeting's party group. */
  groupId?: string;
  /** A talk's two people. */
  participants?: string[];
  /** A theme day held for a joint plan: the plan, and what the record starts from. */
  plan?: { id: string; place: string; theme: string };
}

export type MeetingListSource = 'server' | 'device' | 'signed-out';

/**
 * The meeting records of the user's branches: this device's index (records created or opened
 * here) joined with `GET /api/meetings` when online, each record's registration as the outbox
 * tells it. One per meeting screens (the `/meetings` layout context).
 */
export class MeetingListState {
  #storage: DeviceStorage;
  #account: () => AccountSession | null;
  #userId: string;
  #outbox: Outbox;
  local: LocalMeeting[] = $state([]);
  server: ServerMeeting[] | null = $state(null);
  source: MeetingListSource = $state('device');

  readonly items: MeetingListItem[] = $derived(
    mergeMeetingLists(this.local, this.server, (id) => this.#outbox.isOnDeviceOnly('meeting', id)),
  );

  constructor(
    account: () => AccountSession | null,
    userId: string,
    outbox: Outbox,
    options: { storage?: DeviceStorage } = {},
  ) {
    this.#storage = options.storage ?? browserStorage();
    this.#account = account;
    this.#userId = userId;
    this.#outbox = outbox;
    this.local = readMeetingIndex(this.#storage, userId);
    this.source = account() ? 'device' : 'signed-out';
  }

  /** Fetches the server's list; offline the device's list stands. */
  async refresh(): Promise<void> {
    const session = this.#account();
    if (!session || session.revoked) {
      this.source = session ? 'device' : 'signed-out';
      return;
    }
    try {
      const { meetings } = await callApi(session.serverUrl, API.meetings, {
        token: session.token,
      });
      this.server = meetings;
      this.source = 'server';
      this.#outbox.confirm(
        'meeting',
        meetings.map((m) => m.id),
      );
    } catch {
      this.source = 'device';
    }
  }

  /**
   * Drafts a record on this device — no network needed: the document is created in IndexedDB and
   * its registration waits in the outbox until the server can be reached.
   */
  async create(input: NewMeeting, now = Date.now()): Promise<string> {
    const id = newId();
    const session = openDoc('meeting', id, null);
    try {
      await session.ready;
      initMeeting(session.doc, {
        id,
        branchId: input.branchId,
        kind: input.kind,
        // A plan's day may not be fixed yet: the record then starts without a date.
        ...(input.date ? { date: input.date } : {}),
        ...(input.plan ? { planId: input.plan.id } : {}),
      });
      if (input.plan)
        updateMeeting(session.doc, { place: input.plan.place, studyTitle: input.plan.theme });
      await session.flushed();
    } finally {
      await session.destroy();
    }
    this.#save(
      upsertLocalMeeting(this.local, {
        id,
        branchId: input.branchId,
        kind: input.kind,
        date: input.date,
        status: 'draft',
        groupId: input.kind === 'group' ? (input.groupId ?? '') : '',
        participantIds: input.kind === 'talk' ? (input.participants ?? []) : [],
        planId: input.plan?.id ?? '',
        known: true,
        updatedAt: now,
      }),
    );
    void this.#outbox.add(
      'meeting',
      id,
      {
        branch: input.branchId,
        kind: input.kind,
        ...(input.kind === 'group' && input.groupId ? { group: input.groupId } : {}),
        ...(input.kind === 'talk' && input.participants
          ? { participants: input.participants }
          : {}),
      },
      now,
    );
    return id;
  }

  /** Keeps the summary of a record opened here, so the list shows it offline. */
  remember(record: MeetingRecord, now = Date.now()): void {
    const next = summaryOf(
      record,
      this.local.find((m) => m.id === record.id),
      now,
    );
    if (next) this.#save(upsertLocalMeeting(this.local, next));
  }

  /** Reads the records the server lists but this device never opened, for their date and status. */
  async learnUnknown(open: (id: string) => DocSession, timeoutMs = 8000): Promise<void> {
    const unknown = this.items.filter((m) => m.where === 'server' && !m.known);
    await Promise.all(
      unknown.map(async (item) => {
        const session = open(item.id);
        try {
          const record = await loadedMeeting(session, timeoutMs);
          if (record) this.remember(record);
        } finally {
          await session.destroy();
        }
      }),
    );
  }

  #save(meetings: LocalMeeting[]): void {
    this.local = meetings;
    writeMeetingIndex(this.#storage, this.#userId, meetings);
  }
}

/** The record in `session` once it has content, or null when none came within `timeoutMs`. */
export function loadedMeeting(
  session: DocSession,
  timeoutMs: number,
): Promise<MeetingRecord | null> {
  return loadedDoc(session, readMeeting, (record) => record.id !== '', timeoutMs);
}

const [getMeetingList, setMeetingList] = createContext<MeetingListState>();
export { getMeetingList, setMeetingList };
