import { createContext } from 'svelte';
import {
  formatDocName,
  type BranchRole,
  type DocKind,
  type DocName,
  type Subject,
} from '@branchbook/model';
import { ApiError, fetchMe, redeemInvite, type ApiFailure } from '$lib/account/api.ts';
import { fetchDevices, renameMe, revokeDevice, signInWithCode } from '$lib/account/devices-api.ts';
import {
  SESSION_STORAGE_KEY,
  activeBranchStorageKey,
  classifyCredential,
  isCommitteeRole,
  normaliseServerUrl,
  parseSession,
  serializeSession,
  type AccountSession,
  type BranchMembership,
} from '$lib/account/session.ts';
import { ENTRY_DEFAULTS_STORAGE_KEY } from '$lib/device/entry-defaults.ts';
import { browserStorage, readItem, writeItem, type DeviceStorage } from '$lib/device/storage.ts';
import { USER_ID_STORAGE_KEY, deviceUserId, storedDeviceUserId } from '$lib/device/user-id.ts';
import { deleteDatabase, deleteDeviceDatabases, DB_PREFIX } from '$lib/sync/device-data.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import { mergeDocInto } from '$lib/sync/merge-docs.ts';

/**
 * What a signed-in account keeps on this device, for signing out: the documents whose sync state
 * tells whether the server has everything, the work that exists only here (created offline, never
 * registered: signing out deletes it for good), and the localStorage keys holding the account's
 * data. The IndexedDB copies of documents are all deleted by prefix (`deleteDeviceDatabases`).
 */
export interface DeviceHoldings {
  /** Documents the server knows and this account may have written: open them to see they are synced. */
  docsToCheck: DocName[];
  /** Joint plans created on this device whose registration the server has not accepted. */
  devicePlans: number;
  /** Lesson drafts this account wrote here that the server has not registered yet. */
  deviceLessons: number;
  /** Meeting records created on this device whose registration the server has not accepted. */
  deviceMeetings?: number;
  /** Every localStorage key with this account's (or the device user's) data; the locale stays. */
  keys: string[];
}

/** Reads what an account holds on the device; the app's is `$lib/app/device-holdings.ts`. */
export type HoldingsOf = (storage: DeviceStorage, session: AccountSession) => DeviceHoldings;

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
  /**
   * A sign-in token (`bb_…`), an invite code (`7KQ4-M2XD-9HTR`) or a sign-in code shown on
   * another signed-in device (`7KQ4-M2XD`).
   */
  credential: string;
  /** Needed when a new member redeems an invite. */
  name: string;
  /** What this device calls itself in the account's device list (`deviceNameOf`). */
  deviceName?: string;
  /** A pairing invite's: the name of the redeemer's own branch (another institution's). */
  branch?: string;
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
  readonly #holdingsOf: HoldingsOf;

  constructor(holdingsOf: HoldingsOf, storage: DeviceStorage = browserStorage()) {
    this.#holdingsOf = holdingsOf;
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

  /** The institution's organiser (机关党委 / 党委组织员): the /institution screen is theirs. */
  get isOrganiser(): boolean {
    return this.session?.organiser === true;
  }

  /** This account as the access rule (`may`) takes it, for which buttons to show. */
  get subject(): Subject {
    return {
      userId: this.userId,
      memberships: this.session?.branches ?? [],
      organiser: this.isOrganiser,
    };
  }

  get isCommittee(): boolean {
    return this.branch !== null && isCommitteeRole(this.branch.role);
  }

  /**
   * Opens a document for this account (see `openDoc`: the kind decides the doc's options and the
   * schema declared): synced with the token while signed in, else on this device only — also
   * with `localOnly`, e.g. while the server has not registered a plan drafted here. A 4401 from
   * the server marks the session revoked, so nothing keeps retrying.
   */
  openDoc(kind: DocKind, id: string, options: { localOnly?: boolean } = {}): DocSession {
    const session = this.session;
    if (!session || session.revoked || options.localOnly) return openDoc(kind, id, null);
    return openDoc(kind, id, {
      serverUrl: session.serverUrl,
      token: session.token,
      onrevoked: () => this.markRevoked(),
      onconnected: () => {
        for (const listener of this.#reached) listener();
      },
    });
  }

  // Not state: nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #reached = new Set<() => void>();

  /** Calls `listener` whenever a document's socket connects (the server is reachable); returns the cleanup. */
  onServerReached(listener: () => void): () => void {
    this.#reached.add(listener);
    return () => this.#reached.delete(listener);
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
   * Asks the server with this device's sign-in, for a screen that keeps what it was told: null
   * when there is none to ask with (signed out, or refused already), so the screen shows what
   * the device kept. A refused token marks the session revoked; every failure is thrown on, an
   * `ApiError` saying why.
   */
  async ask<T extends object>(call: (session: AccountSession) => Promise<T>): Promise<T | null> {
    const session = this.session;
    if (!session || session.revoked) return null;
    try {
      return await call(session);
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'unauthorized') this.markRevoked();
      throw error;
    }
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
    const device = input.deviceName?.trim() ?? '';
    let token: string;
    try {
      if (credential.kind === 'token') {
        token = credential.token;
      } else if (credential.kind === 'invite') {
        const branch = input.branch?.trim() || undefined;
        const redeemed = await redeemInvite(
          serverUrl,
          credential.code,
          name || undefined,
          device,
          branch,
        );
        token = redeemed.token;
      } else if (credential.kind === 'sign-in-code') {
        token = (await signInWithCode(serverUrl, credential.code, device)).token;
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
      ...(me.organiser ? { organiser: true } : {}),
    };
    if (!previous) await this.#adoptDeviceLog(me.userId);
    this.#save(session);
    return session;
  }

  /**
   * Renames the signed-in member on the server (every branch shows it) and here. Throws the
   * `ApiError` when the server cannot be reached or refuses.
   */
  async rename(name: string): Promise<void> {
    const session = this.session;
    if (!session || session.revoked) return;
    try {
      const me = await renameMe(session.serverUrl, session.token, name);
      if (this.session?.token === session.token) this.#save({ ...this.session, name: me.name });
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'unauthorized') this.markRevoked();
      throw error;
    }
  }

  /** Updates name and branches from the server; a refused token marks the session revoked. */
  async refresh(): Promise<void> {
    const session = this.session;
    if (!session || session.revoked) return;
    try {
      const me = await fetchMe(session.serverUrl, session.token);
      if (this.session?.token !== session.token) return;
      const next: AccountSession = { ...session, name: me.name, branches: me.branches };
      if (me.organiser) next.organiser = true;
      else delete next.organiser;
      this.#save(next);
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
    const holdings = session ? this.#holdingsOf(this.#storage, session) : null;
    await deleteDeviceDatabases((holdings?.docsToCheck ?? []).map(formatDocName));
    const keys = holdings?.keys ?? [
      SESSION_STORAGE_KEY,
      USER_ID_STORAGE_KEY,
      ENTRY_DEFAULTS_STORAGE_KEY,
    ];
    for (const key of keys) writeItem(this.#storage, key, null);
    this.session = null;
    this.#chosenBranchId = null;
    // Last, once nothing here holds the token any more (another tab reloads on the change
    // above): the server forgets this device, so it leaves the account's device list.
    if (session && !session.revoked) await revokeHere(session);
  }

  /** What this account keeps on the device (null when signed out), for the sign-out check. */
  holdings(): DeviceHoldings | null {
    return this.session ? this.#holdingsOf(this.#storage, this.session) : null;
  }

  /** Moves the device user's log (`study:<device id>`) into the account's log, then clears it. */
  async #adoptDeviceLog(userId: string): Promise<void> {
    const deviceId = storedDeviceUserId(this.#storage);
    if (deviceId === null || deviceId === userId) return;
    const from = openDoc('study', deviceId, null);
    const into = openDoc('study', userId, null);
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
    if (factory)
      await deleteDatabase(factory, DB_PREFIX + formatDocName({ kind: 'study', id: deviceId }));
    writeItem(this.#storage, USER_ID_STORAGE_KEY, null);
  }

  #save(session: AccountSession): void {
    this.session = session;
    this.#chosenBranchId = readItem(this.#storage, activeBranchStorageKey(session.userId));
    writeItem(this.#storage, SESSION_STORAGE_KEY, serializeSession(session));
  }
}

/** How long signing out waits for the server to forget the device; offline it does not wait. */
const REVOKE_WAIT_MS = 5000;

/**
 * Revokes the session's own token on the server (`DELETE /api/me/devices/<this one>`) when the
 * server answers soon; a failure or no answer leaves it (the device's copy is gone either way).
 */
async function revokeHere(session: AccountSession): Promise<void> {
  const attempt = (async () => {
    const devices = await fetchDevices(session.serverUrl, session.token);
    const here = devices.find((device) => device.current);
    if (here) await revokeDevice(session.serverUrl, session.token, here.id);
  })().catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, REVOKE_WAIT_MS)));
  await Promise.race([attempt, waited]);
  clearTimeout(timer);
}

function toSignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof ApiError) return new SignInError(error.failure, error.message);
  return new SignInError('unexpected', error instanceof Error ? error.message : String(error));
}

const [getAccount, setAccount] = createContext<AccountState>();
export { getAccount, setAccount };
