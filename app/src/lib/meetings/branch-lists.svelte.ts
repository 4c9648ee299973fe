import { API, type GroupsResponse } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import { fetchMembers, type BranchMember } from '$lib/account/api.ts';
import {
  readCachedGroups,
  readCachedRoster,
  writeCachedGroups,
  writeCachedRoster,
} from '$lib/account/roster-cache.ts';
import type { AccountSession } from '$lib/account/session.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';

/**
 * The branch's roster and party groups for a meeting record: what this device kept (so a record
 * is made offline at a camp), then the server's when it answers, kept again.
 */
export class BranchLists {
  #storage: DeviceStorage;
  readonly branchId: string;
  roster: BranchMember[] | null = $state(null);
  groups: GroupsResponse | null = $state(null);

  constructor(branchId: string, options: { storage?: DeviceStorage } = {}) {
    this.#storage = options.storage ?? browserStorage();
    this.branchId = branchId;
    if (branchId === '') return;
    this.roster = readCachedRoster(this.#storage, branchId);
    this.groups = readCachedGroups(this.#storage, branchId);
  }

  /** Asks the server for both; offline (or refused) what the device kept stands. */
  async refresh(session: AccountSession | null): Promise<void> {
    if (!session || session.revoked || this.branchId === '') return;
    const id = this.branchId;
    await Promise.all([
      fetchMembers(session.serverUrl, session.token, id).then(
        (members) => {
          this.roster = members;
          writeCachedRoster(this.#storage, id, members);
        },
        () => undefined,
      ),
      callApi(session.serverUrl, API.groups, { token: session.token, params: { id } }).then(
        (groups) => {
          this.groups = groups;
          writeCachedGroups(this.#storage, id, groups);
        },
        () => undefined,
      ),
    ]);
  }

  name(userId: string): string {
    return this.roster?.find((m) => m.userId === userId)?.name ?? '';
  }
}
