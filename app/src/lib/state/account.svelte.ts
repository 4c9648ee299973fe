import { createContext } from 'svelte';
import { CLOSE } from '@branchbook/protocol';
import type { BranchRole } from '@branchbook/model';
import { ApiError, fetchMe, redeemInvite, type ApiFailure } from '$lib/auth/api.ts';
import {
  SESSION_STORAGE_KEY,
  activeBranchStorageKey,
  classifyCredential,
  isCommitteeRole,
  normaliseServerUrl,
  parseSession,
  serializeSession,
  syncUrlFor,
  type AccountSession,
  type BranchMembership,
} from '$lib/auth/session.ts';
import { ENTRY_DEFAULTS_STORAGE_KEY } from '$lib/device/entry-defaults.ts';
import { browserStorage, readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY, deviceUserId, storedDeviceUserId } from '$lib/device/user-id.ts';
import { deleteDatabase, deleteDeviceDatabases, DB_PREFIX } from '$lib/sync/device-data.ts';
import { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { mergeDocInto } from '$lib/sync/merge-docs.ts';
import { deviceHoldings, type DeviceHoldings } from './device-holdings.ts';

export type SignInFailure =
  | ApiFailure
  | 'bad-server' // not a server address
  | 'bad-credential' // neither a token nor an invite code
  | 'name-needed' // a new member's invite needs their name
  | 'other-account'; // signing in again, but as someone else

export class SignInError extends Error {
  constructor(
    readonly failure: SignInFailure,
    message: string = failure,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export interface SignInInput {
  serverUrl: string;
  /** A sign-in token (`bb_…`) or an invite code (`7KQ4-M2XD-9HTR`). */
  credential: string;
  /** Needed when a new member redeems an invite. */
  name: string;
}

/**
 * Who uses this device: a signed-in account (kept in localStorage, usable offline for weeks) or,
 * before sign-in, a local device user whose log stays on the device. Opens documents with the
 * right token, notices when the server revoked it, and signs in and out.
 */
export class AccountState {
  session: AccountSession | null = $state(null);
  /** The branch chosen on this device by a member of several; null: the first. */
  #chosenBranchId: string | null = $state(null);
  #storage: DeviceStorage;

  constructor(storage: DeviceStorage = browserStorage()) {
    this.#storage = storage;
    this.session = parseSession(readItem(storage, SESSION_STORAGE_KEY));
    if (this.session)
      this.#chosenBranchId = readItem(storage, activeBranchStorageKey(this.session.userId));
  }

  get signedIn(): boolean {
    return this.session !== null;
  }

  /** The server refused this device's token (4401, or 401 from the API): sign in again. */
  get revoked(): boolean {
    return this.session?.revoked === true;
  }

  /** The account's id once signed in, else this device's own id (created on first use). */
  get userId(): string {
    return this.session?.userId ?? deviceUserId(this.#storage);
  }

  /**
   * The branch the app works in (its study table, targets, new lessons): the one chosen on this
   * device, else the first membership. Someone on a dig belongs to the temporary branch there
   * and keeps their home branch; they switch on the account page.
   */
  get branch(): BranchMembership | null {
    const branches = this.session?.branches ?? [];
    return branches.find((b) => b.branchId === this.#chosenBranchId) ?? branches[0] ?? null;
  }

  /** Works in `branchId` from now on, on this device; false when the account is not a member. */
  chooseBranch(branchId: string): boolean {
    const session = this.session;
    if (!session?.branches.some((b) => b.branchId === branchId)) return false;
    this.#chosenBranchId = branchId;
    writeItem(this.#storage, activeBranchStorageKey(session.userId), branchId);
    return true;
  }

  get role(): BranchRole {
    return this.branch?.role ?? 'member';
  }

  get isCommittee(): boolean {
    return this.branch !== null && isCommitteeRole(this.branch.role);
  }

  /**
   * Opens a document for this account: synced with the token while signed in, else on this
   * device only. A 4401 from the server marks the session revoked, so nothing keeps retrying.
   * `options.params` adds socket parameters (e.g. the client's schema version) to the token;
   * `options.gc: false` keeps history (lesson drafts' versions need it).
   */
  openDoc(
    name: string,
    options: { params?: Record<string, string>; gc?: boolean } = {},
  ): DocSession {
    const session = this.session;
    const gc = options.gc ?? true;
    if (!session || session.revoked) return new DocSession(name, { sync: false, gc });
    return new DocSession(name, {
      gc,
      params: { ...options.params, token: session.token },
      serverUrl: syncUrlFor(session.serverUrl),
      onrefused: (code) => {
        if (code === CLOSE.unauthorized) this.markRevoked();
      },
    });
  }

  /**
   * Keeps this tab in step when another tab signs in, signs out or signs in again: it reloads,
   * so it never goes on writing to a log that was merged or deleted, or syncing with a dead
   * token. Other changes (a refreshed name, a revoked flag) are taken over in place.
   */
  watchOtherTabs(): () => void {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY) return;
      const before = parseSession(event.oldValue);
      const after = parseSession(event.newValue);
      if (before?.userId !== after?.userId || before?.token !== after?.token) {
        location.reload();
        return;
      }
      this.session = after;
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }

  markRevoked(): void {
    const session = this.session;
    if (!session || session.revoked) return;
    this.#save({ ...session, revoked: true });
  }

  /**
   * Signs in with a token or an invite and stores the session on this device. On the first
   * sign-in, what was recorded on this device before joins the account's study log.
   */
  async signIn(input: SignInInput): Promise<AccountSession> {
    const serverUrl = normaliseServerUrl(input.serverUrl);
    if (!serverUrl) throw new SignInError('bad-server');
    const credential = classifyCredential(input.credential);
    const name = input.name.trim();
    let token: string;
    try {
      if (credential.kind === 'token') {
        token = credential.token;
      } else if (credential.kind === 'invite') {
        token = (await redeemInvite(serverUrl, credential.code, name || undefined)).token;
      } else {
        throw new SignInError('bad-credential');
      }
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'bad-request' && name === '') {
        throw new SignInError('name-needed', error.message);
      }
      throw toSignInError(error);
    }
    const me = await fetchMe(serverUrl, token).catch((error: unknown) => {
      throw toSignInError(error);
    });
    const previous = this.session;
    if (previous && previous.userId !== me.userId) throw new SignInError('other-account');
    const session: AccountSession = {
      serverUrl,
      token,
      userId: me.userId,
      name: me.name,
      branches: me.branches,
    };
    if (!previous) await this.#adoptDeviceLog(me.userId);
    this.#save(session);
    return session;
  }

  /** Updates name and branches from the server; a refused token marks the session revoked. */
  async refresh(): Promise<void> {
    const session = this.session;
    if (!session || session.revoked) return;
    try {
      const me = await fetchMe(session.serverUrl, session.token);
      if (this.session?.token !== session.token) return;
      this.#save({ ...session, name: me.name, branches: me.branches });
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'unauthorized') this.markRevoked();
      // Offline or server down: the stored session stays good.
    }
  }

  /**
   * Forgets the account and deletes this app's data on the device (documents, the plan, lesson
   * and pairing lists, roster, remembered defaults; the language stays). Close every open doc
   * session first — pass them in. The caller reloads the app.
   */
  async signOut(openSessions: readonly DocSession[] = []): Promise<void> {
    const session = this.session;
    await Promise.all(openSessions.map((s) => s.destroy()));
    const holdings = session ? deviceHoldings(this.#storage, session) : null;
    await deleteDeviceDatabases(holdings?.docsToCheck ?? []);
    const keys = holdings?.keys ?? [
      SESSION_STORAGE_KEY,
      USER_ID_STORAGE_KEY,
      ENTRY_DEFAULTS_STORAGE_KEY,
    ];
    for (const key of keys) writeItem(this.#storage, key, null);
    this.session = null;
    this.#chosenBranchId = null;
  }

  /** What this account keeps on the device (null when signed out), for the sign-out check. */
  holdings(): DeviceHoldings | null {
    return this.session ? deviceHoldings(this.#storage, this.session) : null;
  }

  /** Moves the device user's log (`study:<device id>`) into the account's log, then clears it. */
  async #adoptDeviceLog(userId: string): Promise<void> {
    const deviceId = storedDeviceUserId(this.#storage);
    if (deviceId === null || deviceId === userId) return;
    const from = new DocSession(`study:${deviceId}`, { sync: false });
    const into = new DocSession(`study:${userId}`, { sync: false });
    let merged = false;
    try {
      await Promise.all([from.ready, into.ready]);
      // If either copy cannot be opened, keep the device log where it is rather than lose it.
      if (from.localStore === 'ready' && into.localStore === 'ready') {
        mergeDocInto(into.doc, from.doc);
        await into.flushed();
        merged = into.savedLocally;
      }
    } finally {
      await Promise.all([from.destroy(), into.destroy()]);
    }
    if (!merged) return;
    const factory = globalThis.indexedDB;
    if (factory) await deleteDatabase(factory, `${DB_PREFIX}study:${deviceId}`);
    writeItem(this.#storage, USER_ID_STORAGE_KEY, null);
  }

  #save(session: AccountSession): void {
    this.session = session;
    this.#chosenBranchId = readItem(this.#storage, activeBranchStorageKey(session.userId));
    writeItem(this.#storage, SESSION_STORAGE_KEY, serializeSession(session));
  }
}

function toSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof ApiError) return new SignInError(error.failure, error.message);
  return new SignInError('unexpected', error instanceof Error ? error.message : String(error));
}

const [getAccount, setAccount] = createContext<AccountState>();
export { getAccount, setAccount };
