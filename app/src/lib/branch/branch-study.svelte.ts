import type { RemovedMember } from '@branchbook/protocol';
import { ApiError, type BranchMember } from '$lib/account/api.ts';
import {
  readCachedRemoved,
  readCachedRoster,
  writeCachedRoster,
} from '$lib/account/roster-cache.ts';
import { fetchRoster } from './roster-api.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import type { AccountState } from '$lib/account/account.svelte.ts';
import type { StudyLogState } from '$lib/study/public.ts';
import { MemberLogs } from './member-logs.svelte.ts';

export type RosterStatus = 'loading' | 'ready' | 'offline' | 'forbidden' | 'failed';

/**
 * The branch committee's view of every member's study log: the roster (from the server, kept on
 * the device for offline use) and each member's `study:<userId>` opened read-only — the server
 * allows the committee to read and drops their writes, and this state offers no writes.
 */
export class BranchStudyState {
  members: BranchMember[] = $state([]);
  /** Members the secretary removed: their logs stay in the branch's table, marked 已移出. */
  removed: RemovedMember[] = $state([]);
  rosterStatus: RosterStatus = $state('loading');
  readonly logs: MemberLogs;

  #account: AccountState;
  #branchId: string;
  #storage: DeviceStorage;
  #destroyed = false;

  constructor(
    account: AccountState,
    branchId: string,
    own: StudyLogState,
    storage: DeviceStorage = browserStorage(),
  ) {
    this.#account = account;
    this.#branchId = branchId;
    this.logs = new MemberLogs(account, own);
    this.#storage = storage;
    const cached = readCachedRoster(storage, branchId);
    if (cached) this.#setMembers(cached, readCachedRemoved(storage, branchId), 'ready');
  }

  /** The member docs this screen has open, for the header's sync indicator. */
  get sessions(): DocSession[] {
    return this.logs.sessions;
  }

  /** Fetches the roster when the server can be reached; the cached one serves offline. */
  async load(): Promise<void> {
    try {
      const roster = await this.#account.ask((session) => fetchRoster(session, this.#branchId));
      if (this.#destroyed) return;
      if (!roster) {
        if (this.rosterStatus === 'loading') this.rosterStatus = 'offline';
        return;
      }
      writeCachedRoster(this.#storage, this.#branchId, roster.members, roster.removed);
      this.#setMembers(roster.members, roster.removed, 'ready');
    } catch (error) {
      if (this.#destroyed) return;
      const failure = error instanceof ApiError ? error.failure : 'unexpected';
      if (failure === 'forbidden') {
        this.rosterStatus = 'forbidden';
        return;
      }
      // Keep showing the cached roster; say why it may be out of date.
      if (this.rosterStatus !== 'ready') {
        this.rosterStatus = failure === 'network' ? 'offline' : 'failed';
      }
    }
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.logs.destroy();
  }

  #setMembers(members: BranchMember[], removed: RemovedMember[], status: RosterStatus): void {
    this.members = members;
    this.removed = removed;
    this.rosterStatus = status;
    this.logs.open([...members, ...removed].map((m) => m.userId));
  }
}
