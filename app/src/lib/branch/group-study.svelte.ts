import type { GroupsResponse } from '@branchbook/protocol';
import { ApiError, type BranchMember } from '$lib/account/api.ts';
import type { AccountState } from '$lib/account/account.svelte.ts';
import {
  readCachedGroups,
  readCachedRoster,
  writeCachedGroups,
  writeCachedRoster,
} from '$lib/account/roster-cache.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import type { StudyLogState } from '$lib/study/public.ts';
import { studyHoursRows, type StudyHoursRow } from './branch-table.ts';
import { MemberLogs } from './member-logs.svelte.ts';
import { fetchGroups, fetchRoster } from './roster-api.ts';

export type GroupStudyStatus = 'loading' | 'ready' | 'offline' | 'failed';

/** One party group the viewer leads, with its members' 学时 for a year, by name. */
export interface LedGroupTable {
  groupId: string;
  name: string;
  rows: StudyHoursRow[];
}

/**
 * A party group's leader (党小组长) reading her group members' study logs (DOMAIN.md: "own
 * group's attendance and logs"): the branch's groups and names (from the server, kept on the
 * device for offline use), and the logs of the members of the groups she leads, opened read-only.
 * The server tells her who is in her own group only (`group.readMembers`) and lets her read
 * those logs only; the committee has the whole branch's table instead.
 */
export class GroupStudyState {
  groups: GroupsResponse | null = $state(null);
  roster: BranchMember[] = $state([]);
  status: GroupStudyStatus = $state('loading');
  readonly logs: MemberLogs;

  #account: AccountState;
  #branchId: string;
  #storage: DeviceStorage;
  #destroyed = false;

  constructor(
    account: AccountState,
    branchId: string,
    own: StudyLogState,
    options: { storage?: DeviceStorage; openLog?: (userId: string) => DocSession } = {},
  ) {
    this.#account = account;
    this.#branchId = branchId;
    this.#storage = options.storage ?? browserStorage();
    this.logs = new MemberLogs(account, own, options.openLog);
    const groups = readCachedGroups(this.#storage, branchId);
    if (groups) this.#set(groups, readCachedRoster(this.#storage, branchId) ?? [], 'ready');
  }

  /** The groups this viewer leads whose members the server told her (none for most members). */
  get led(): { id: string; name: string; memberIds: readonly string[] }[] {
    return (this.groups?.groups ?? []).flatMap((g) =>
      g.leaderId === this.#account.userId && g.memberIds
        ? [{ id: g.id, name: g.name, memberIds: g.memberIds }]
        : [],
    );
  }

  get leads(): boolean {
    return this.led.length > 0;
  }

  get sessions(): DocSession[] {
    return this.logs.sessions;
  }

  /** Each led group's members with their 学时 in `year`, ordered by name — never by hours. */
  tables(year: number): LedGroupTable[] {
    return this.led.map((group) => ({
      groupId: group.id,
      name: group.name,
      rows: studyHoursRows(
        group.memberIds.map((userId) => ({
          userId,
          name: this.roster.find((m) => m.userId === userId)?.name ?? '',
        })),
        (userId) => this.logs.totalsFor(userId, year),
      ),
    }));
  }

  /** Asks the server for the groups (and, for a leader, the names); offline the device's copy. */
  async load(): Promise<void> {
    try {
      const answer = await this.#account.ask(async (session) => {
        const groups = await fetchGroups(session, this.#branchId);
        const leads = groups.groups.some((g) => g.leaderId === this.#account.userId);
        // Only a leader needs the names: a plain member's visit asks the server once.
        const names = leads ? (await fetchRoster(session, this.#branchId)).members : null;
        return { groups, names };
      });
      if (this.#destroyed) return;
      if (!answer) {
        if (this.status === 'loading') this.status = 'offline';
        return;
      }
      writeCachedGroups(this.#storage, this.#branchId, answer.groups);
      if (answer.names) writeCachedRoster(this.#storage, this.#branchId, answer.names);
      this.#set(answer.groups, answer.names ?? this.roster, 'ready');
    } catch (error) {
      if (this.#destroyed) return;
      const failure = error instanceof ApiError ? error.failure : 'unexpected';
      if (this.status !== 'ready') this.status = failure === 'network' ? 'offline' : 'failed';
    }
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.logs.destroy();
  }

  #set(groups: GroupsResponse, roster: BranchMember[], status: GroupStudyStatus): void {
    this.groups = groups;
    this.roster = roster;
    this.status = status;
    this.logs.open(this.led.flatMap((g) => g.memberIds));
  }
}
