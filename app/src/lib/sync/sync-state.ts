/**
 * What the sync indicator says, derived from facts the doc session observes. Honest by
 * construction: "synced" needs the server's own acknowledgement that it stored everything this
 * device has, and "saved on this device" needs IndexedDB to have committed the latest change.
 */
export type SyncState = 'device' | 'local' | 'connecting' | 'syncing' | 'synced' | 'offline';

/**
 * - `device`: kept on this device only (not signed in): there is no server to wait for;
 * - `local`: no connection, and changes the server has not confirmed wait, saved on the device;
 * - `offline`: no connection, nothing waiting;
 * - `connecting`, `syncing` (connected, the server has not confirmed everything), `synced`.
 */
export const SYNC_STATES: readonly SyncState[] = [
  'device',
  'local',
  'connecting',
  'syncing',
  'synced',
  'offline',
];

/**
 * The socket's phase. `down` covers both "never connected" after a failed attempt and "lost";
 * the provider's own retries do not flip it back to `connecting` until one succeeds, so the
 * indicator does not flicker while the server is unreachable.
 */
export type ConnectionPhase = 'connecting' | 'connected' | 'down';

export interface SyncInputs {
  /** False when the doc is kept on this device only (no sync provider, e.g. not signed in). */
  remote: boolean;
  /** `navigator.onLine`: false is reliable, true only means "maybe". */
  online: boolean;
  connection: ConnectionPhase;
  /** The last state vector the server said it stored covers everything in the local doc. */
  serverCovered: boolean;
  /** IndexedDB has committed every change made to the local doc so far. */
  savedLocally: boolean;
}

/**
 * @example deriveSyncState({ remote: true, online: true, connection: 'connected', serverCovered: true, savedLocally: false }) // 'synced'
 */
export function deriveSyncState(inputs: SyncInputs): SyncState {
  const { remote, online, connection, serverCovered, savedLocally } = inputs;
  if (!remote) return 'device';
  if (online && connection === 'connected') return serverCovered ? 'synced' : 'syncing';
  if (online && connection === 'connecting') return 'connecting';
  // No connection. Say "saved on this device" when that is the news the member needs — there are
  // changes the server has not confirmed, and they are safely on disk; otherwise just "offline".
  if (!serverCovered && savedLocally) return 'local';
  return 'offline';
}

/** Most to least in need of the member's attention when several docs share one indicator. */
const COMBINE_ORDER: readonly SyncState[] = [
  'local',
  'offline',
  'connecting',
  'syncing',
  'device',
  'synced',
];

/**
 * One state for several open docs: "synced" only when every one is synced; otherwise the state
 * of the doc furthest from the server, with "saved on this device" first because it says that
 * something is not on the server yet. No docs: 'device' (nothing to say about a server).
 *
 * @example combineSyncStates(['synced', 'syncing']) // 'syncing'
 */
export function combineSyncStates(states: readonly SyncState[]): SyncState {
  if (states.length === 0) return 'device';
  return COMBINE_ORDER.find((state) => states.includes(state)) ?? 'device';
}

/**
 * `combineSyncStates` over the docs the server still serves: one it refuses (access removed,
 * e.g. a plan the branch left) can never be synced, so a sign-out check does not wait for it.
 *
 * @example combineServedStates([{ syncState: 'synced', refusedWith: null }, { syncState: 'offline', refusedWith: 4403 }]) // 'synced'
 */
export function combineServedStates(
  docs: readonly { syncState: SyncState; refusedWith: number | null }[],
): SyncState {
  return combineSyncStates(docs.filter((d) => d.refusedWith === null).map((d) => d.syncState));
}

/** What the shell's header shows: a state, and how many documents wait for the server. */
export interface HeaderSync {
  state: SyncState;
  /** Documents on this device with changes the server has not confirmed (0: not said). */
  waiting: number;
}

/**
 * The header's one answer for the whole app: the current screen's documents, and every document
 * still waiting for the server — closed ones too, so "已同步" is said only when nothing anywhere
 * waits. Null: nothing to say (no document on screen, nothing waiting).
 *
 * @example headerSync({ current: null, waiting: 2, online: false }) // { state: 'local', waiting: 2 }
 * @example headerSync({ current: 'synced', waiting: 1, online: true }) // { state: 'syncing', waiting: 1 }
 */
export function headerSync(inputs: {
  current: SyncState | null;
  waiting: number;
  online: boolean;
}): HeaderSync | null {
  const { current, waiting, online } = inputs;
  if (current === 'device') return { state: 'device', waiting: 0 };
  if (waiting === 0) return current === null ? null : { state: current, waiting: 0 };
  if (current === null) return { state: online ? 'syncing' : 'local', waiting };
  if (current === 'synced') return { state: 'syncing', waiting };
  if (current === 'offline') return { state: 'local', waiting };
  return { state: current, waiting };
}
