import type {
  ChangeGroupRequest,
  ChangeMemberRequest,
  GroupsResponse,
  PartyGroupView,
  RemovedMember,
} from '@branchbook/protocol';
import { ApiError, type BranchMember } from '$lib/account/api.ts';
import {
  readCachedGroups,
  readCachedRemoved,
  readCachedRoster,
  writeCachedGroups,
  writeCachedRoster,
} from '$lib/account/roster-cache.ts';
import type { AccountState } from '$lib/account/account.svelte.ts';
import { browserStorage, type DeviceStorage } from '$lib/device/storage.ts';
import { sortByName } from './branch-table.ts';
import {
  changeGroup,
  changeMember,
  createGroup,
  deleteGroup,
  fetchGroups,
  fetchRoster,
  removeMember,
  type Roster,
} from './roster-api.ts';

export type RosterLoad = 'loading' | 'ready' | 'offline' | 'forbidden' | 'failed';

/** Why a change did not go through, for one sentence on screen. */
export type ChangeFailure =
  'offline' | 'last-secretary' | 'name-taken' | 'not-allowed' | 'gone' | 'revoked' | 'other';

function failureOf(error: unknown): ChangeFailure {
  if (!(error instanceof ApiError)) return 'other';
  if (error.failure === 'network') return 'offline';
  if (error.code === 'last_secretary') return 'last-secretary';
  if (error.code === 'conflict') return 'name-taken';
  if (error.failure === 'forbidden') return 'not-allowed';
  if (error.failure === 'not-found') return 'gone';
  if (error.failure === 'unauthorized') return 'revoked';
  return 'other';
}

/**
 * A branch's roster and party groups on the 支部成员 screen: read from the server, kept on the
 * device (so the screen reads offline), and the secretary's changes — which need the server: each
 * answers with the roster or groups after it, and a refusal says why in one word.
 */
export class RosterState {
  members: BranchMember[] = $state([]);
  removed: RemovedMember[] = $state([]);
  groups: PartyGroupView[] = $state([]);
  /** The caller's own group, when they are in one. */
  mine: string | null = $state(null);
  status: RosterLoad = $state('loading');
  /** What is being changed right now (one change at a time), e.g. `member:<id>`. */
  busy: string | null = $state(null);
  failure: ChangeFailure | null = $state(null);
  /** Which change the failure is about (the `busy` key it had). */
  failedOn: string | null = $state(null);

  readonly branchId: string;
  #account: AccountState;
  #storage: DeviceStorage;

  constructor(account: AccountState, branchId: string, storage: DeviceStorage = browserStorage()) {
    this.#account = account;
    this.branchId = branchId;
    this.#storage = storage;
    const cached = readCachedRoster(storage, branchId);
    if (cached) {
      this.members = sortByName(cached);
      this.removed = readCachedRemoved(storage, branchId);
      this.status = 'ready';
    }
    const groups = readCachedGroups(storage, branchId);
    if (groups) this.#setGroups(groups);
  }

  /** The failure of the change `what`, if that one failed last. */
  failureOn(what: string): ChangeFailure | null {
    return this.failedOn === what ? this.failure : null;
  }

  /** Two or more people of one name: the screen says how to tell them apart. */
  get sharedNames(): readonly string[] {
    const names = this.members.map((m) => m.name);
    return names.filter((name, i) => names.indexOf(name) !== i);
  }

  nameOf(userId: string | undefined): string | null {
    if (!userId) return null;
    return this.members.find((m) => m.userId === userId)?.name ?? null;
  }

  groupOf(groupId: string | undefined): PartyGroupView | null {
    return this.groups.find((g) => g.id === groupId) ?? null;
  }

  async load(): Promise<void> {
    try {
      const answer = await this.#account.ask((session) =>
        Promise.all([fetchRoster(session, this.branchId), fetchGroups(session, this.branchId)]),
      );
      if (!answer) {
        if (this.status === 'loading') this.status = 'offline';
        return;
      }
      this.#setRoster(answer[0]);
      this.#setGroups(answer[1]);
      this.status = 'ready';
    } catch (error) {
      const failure = failureOf(error);
      if (failure === 'not-allowed') this.status = 'forbidden';
      else if (this.status !== 'ready') this.status = failure === 'offline' ? 'offline' : 'failed';
      else if (failure === 'offline') this.status = 'offline';
    }
  }

  changeMember(userId: string, change: ChangeMemberRequest): Promise<boolean> {
    return this.#write(`member:${userId}`, async (session) =>
      this.#setRoster(await changeMember(session, this.branchId, userId, change)),
    );
  }

  async removeMember(userId: string): Promise<boolean> {
    const done = await this.#write(`member:${userId}`, async (session) =>
      this.#setRoster(await removeMember(session, this.branchId, userId)),
    );
    // A group the removed member led has no leader now: read the groups again.
    if (done) await this.#refreshGroups();
    return done;
  }

  createGroup(name: string, leaderId?: string): Promise<boolean> {
    return this.#write('group:new', async (session) => {
      this.#setGroups(
        await createGroup(session, this.branchId, leaderId ? { name, leaderId } : { name }),
      );
      await this.#refreshRoster();
    });
  }

  changeGroup(groupId: string, change: ChangeGroupRequest): Promise<boolean> {
    return this.#write(`group:${groupId}`, async (session) => {
      this.#setGroups(await changeGroup(session, this.branchId, groupId, change));
      if (change.leaderId !== undefined) await this.#refreshRoster();
    });
  }

  deleteGroup(groupId: string): Promise<boolean> {
    return this.#write(`group:${groupId}`, async (session) => {
      this.#setGroups(await deleteGroup(session, this.branchId, groupId));
      await this.#refreshRoster();
    });
  }

  /** Moves a member into a group (or out: null); the groups' member lists follow. */
  async moveToGroup(userId: string, groupId: string | null): Promise<boolean> {
    const done = await this.changeMember(userId, { groupId });
    if (done) await this.#refreshGroups();
    return done;
  }

  async #write(
    what: string,
    run: (session: { serverUrl: string; token: string }) => Promise<void>,
  ): Promise<boolean> {
    const session = this.#account.session;
    if (this.busy) return false;
    this.failure = null;
    this.failedOn = what;
    if (!session || session.revoked) {
      this.failure = session?.revoked ? 'revoked' : 'offline';
      return false;
    }
    this.busy = what;
    try {
      await run(session);
      if (this.status === 'offline') this.status = 'ready';
      return true;
    } catch (error) {
      this.failure = failureOf(error);
      if (this.failure === 'revoked') this.#account.markRevoked();
      return false;
    } finally {
      this.busy = null;
    }
  }

  async #refreshRoster(): Promise<void> {
    const session = this.#account.session;
    if (session) this.#setRoster(await fetchRoster(session, this.branchId));
  }

  async #refreshGroups(): Promise<void> {
    const session = this.#account.session;
    if (session) this.#setGroups(await fetchGroups(session, this.branchId));
  }

  #setRoster(roster: Roster): void {
    this.members = sortByName(roster.members);
    this.removed = roster.removed;
    writeCachedRoster(this.#storage, this.branchId, roster.members, roster.removed);
  }

  #setGroups(groups: GroupsResponse): void {
    this.groups = groups.groups;
    this.mine = groups.mine ?? null;
    writeCachedGroups(this.#storage, this.branchId, groups);
  }
}
