import { describe, expect, it } from 'vitest';
import {
  combineServedStates,
  combineSyncStates,
  deriveSyncState,
  headerSync,
  type SyncInputs,
} from './sync-state.ts';

const base: SyncInputs = {
  remote: true,
  online: true,
  connection: 'connected',
  serverCovered: true,
  savedLocally: true,
};

describe('deriveSyncState', () => {
  it('says synced only when connected and the server confirmed everything', () => {
    expect(deriveSyncState(base)).toBe('synced');
    expect(deriveSyncState({ ...base, serverCovered: false })).toBe('syncing');
  });

  it('trusts the server acknowledgement even before IndexedDB has committed', () => {
    expect(deriveSyncState({ ...base, savedLocally: false })).toBe('synced');
  });

  it('is connecting while the first attempt is under way', () => {
    expect(deriveSyncState({ ...base, connection: 'connecting', serverCovered: false })).toBe(
      'connecting',
    );
  });

  it('never claims a connection when the browser reports offline', () => {
    expect(deriveSyncState({ ...base, online: false })).toBe('offline');
    expect(deriveSyncState({ ...base, online: false, connection: 'connecting' })).toBe('offline');
  });

  it('says saved on this device when unconfirmed changes are on disk and there is no connection', () => {
    expect(deriveSyncState({ ...base, connection: 'down', serverCovered: false })).toBe('local');
    expect(deriveSyncState({ ...base, online: false, serverCovered: false })).toBe('local');
  });

  it('says offline while a change is still being written, or when nothing is pending', () => {
    expect(
      deriveSyncState({ ...base, connection: 'down', serverCovered: false, savedLocally: false }),
    ).toBe('offline');
    expect(deriveSyncState({ ...base, connection: 'down' })).toBe('offline');
  });

  it('is device-only for a doc that does not sync, whatever the network does — not "waiting"', () => {
    expect(deriveSyncState({ ...base, remote: false })).toBe('device');
    expect(deriveSyncState({ ...base, remote: false, online: false, connection: 'down' })).toBe(
      'device',
    );
  });
});

describe('combineSyncStates', () => {
  it('says synced only when every doc is', () => {
    expect(combineSyncStates(['synced', 'synced'])).toBe('synced');
    expect(combineSyncStates(['synced', 'syncing'])).toBe('syncing');
    expect(combineSyncStates(['synced', 'connecting', 'syncing'])).toBe('connecting');
  });

  it('puts "saved on this device" first, then offline', () => {
    expect(combineSyncStates(['offline', 'local', 'synced'])).toBe('local');
    expect(combineSyncStates(['offline', 'synced'])).toBe('offline');
    expect(combineSyncStates([])).toBe('device');
    expect(combineSyncStates(['device', 'synced'])).toBe('device');
    expect(combineSyncStates(['device', 'syncing'])).toBe('syncing');
  });
});

describe('combineServedStates', () => {
  it('does not wait for a doc the server refuses', () => {
    const refused = { syncState: 'offline' as const, refusedWith: 4403 };
    expect(combineServedStates([{ syncState: 'synced', refusedWith: null }, refused])).toBe(
      'synced',
    );
    expect(combineServedStates([{ syncState: 'syncing', refusedWith: null }, refused])).toBe(
      'syncing',
    );
  });
});

describe('headerSync', () => {
  it('says nothing when no document is on screen and nothing waits', () => {
    expect(headerSync({ current: null, waiting: 0, online: true })).toBeNull();
    expect(headerSync({ current: null, waiting: 0, online: false })).toBeNull();
  });

  it('counts closed documents that wait, on any screen', () => {
    expect(headerSync({ current: null, waiting: 3, online: false })).toEqual({
      state: 'local',
      waiting: 3,
    });
    expect(headerSync({ current: null, waiting: 3, online: true })).toEqual({
      state: 'syncing',
      waiting: 3,
    });
  });

  it('never says synced, nor plain offline, while something elsewhere waits', () => {
    expect(headerSync({ current: 'synced', waiting: 1, online: true })).toEqual({
      state: 'syncing',
      waiting: 1,
    });
    expect(headerSync({ current: 'offline', waiting: 2, online: false })).toEqual({
      state: 'local',
      waiting: 2,
    });
    expect(headerSync({ current: 'connecting', waiting: 2, online: true })).toEqual({
      state: 'connecting',
      waiting: 2,
    });
    expect(headerSync({ current: 'synced', waiting: 0, online: true })).toEqual({
      state: 'synced',
      waiting: 0,
    });
  });

  it('keeps a device-only screen free of server counts', () => {
    expect(headerSync({ current: 'device', waiting: 4, online: true })).toEqual({
      state: 'device',
      waiting: 0,
    });
  });
});
