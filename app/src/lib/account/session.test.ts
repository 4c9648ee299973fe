import { describe, expect, it } from 'vitest';
import {
  classifyCredential,
  isCommitteeRole,
  normaliseServerUrl,
  parseSession,
  serializeSession,
  syncUrlFor,
  type AccountSession,
} from './session.ts';

const session: AccountSession = {
  serverUrl: 'https://dangjian.example.org',
  token: 'bb_abc',
  userId: 'u1',
  name: '张明',
  branches: [{ branchId: 'b1', name: '考古所第一党支部', role: 'member' }],
};

describe('parseSession', () => {
  it('round-trips what was stored', () => {
    expect(parseSession(serializeSession(session))).toEqual(session);
    expect(parseSession(serializeSession({ ...session, revoked: true }))?.revoked).toBe(true);
    const organiser = { ...session, branches: [], organiser: true };
    expect(parseSession(serializeSession(organiser))).toEqual(organiser);
    // Only `true` makes an organiser; anything else stored there is no role.
    expect(parseSession(JSON.stringify({ ...session, organiser: 'yes' }))).toEqual(session);
  });

  it('treats absent, corrupt or foreign values as signed out', () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession('{')).toBeNull();
    expect(parseSession('[]')).toBeNull();
    expect(parseSession(JSON.stringify({ ...session, token: '' }))).toBeNull();
    expect(parseSession(JSON.stringify({ ...session, userId: 'a/b' }))).toBeNull();
    expect(
      parseSession(JSON.stringify({ ...session, serverUrl: 'https://x.org/path' })),
    ).toBeNull();
  });

  it('drops memberships it cannot read and names unnamed ones by id', () => {
    const parsed = parseSession(
      JSON.stringify({
        ...session,
        name: '',
        branches: [
          { branchId: 'b1', name: '', role: 'secretary' },
          { branchId: 'b2', role: 'king' },
          'nonsense',
        ],
      }),
    );
    expect(parsed?.name).toBe('u1');
    expect(parsed?.branches).toEqual([{ branchId: 'b1', name: 'b1', role: 'secretary' }]);
  });

  it('keeps a committee duty it knows and drops one it does not', () => {
    const parsed = parseSession(
      JSON.stringify({
        ...session,
        branches: [
          { branchId: 'b1', name: '一支部', role: 'committee', duty: 'discipline' },
          { branchId: 'b2', name: '二支部', role: 'committee', duty: 'treasurer' },
        ],
      }),
    );
    expect(parsed?.branches).toEqual([
      { branchId: 'b1', name: '一支部', role: 'committee', duty: 'discipline' },
      { branchId: 'b2', name: '二支部', role: 'committee' },
    ]);
  });
});

describe('normaliseServerUrl', () => {
  it('keeps only the origin', () => {
    expect(normaliseServerUrl(' https://dangjian.example.org/study?x=1 ')).toBe(
      'https://dangjian.example.org',
    );
    expect(normaliseServerUrl('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
  });

  it('adds a scheme to a bare host: https, or http on the local network', () => {
    expect(normaliseServerUrl('dangjian.example.org')).toBe('https://dangjian.example.org');
    expect(normaliseServerUrl('192.168.1.20:8787')).toBe('http://192.168.1.20:8787');
    expect(normaliseServerUrl('localhost:8787')).toBe('http://localhost:8787');
  });

  it('refuses what is not a web server address', () => {
    expect(normaliseServerUrl('')).toBeNull();
    expect(normaliseServerUrl('ftp://x.org')).toBeNull();
    expect(normaliseServerUrl('https://user:pw@x.org')).toBeNull();
    expect(normaliseServerUrl('http://')).toBeNull();
  });
});

describe('syncUrlFor', () => {
  it('uses wss for https and ws for http', () => {
    expect(syncUrlFor('https://x.org')).toBe('wss://x.org/sync');
    expect(syncUrlFor('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/sync');
  });
});

describe('classifyCredential', () => {
  it('recognises tokens and invite codes however they are typed', () => {
    expect(classifyCredential(' bb_Zx-9_a ')).toEqual({ kind: 'token', token: 'bb_Zx-9_a' });
    expect(classifyCredential('7KQ4-M2XD-9HTR')).toEqual({
      kind: 'invite',
      code: '7KQ4-M2XD-9HTR',
    });
    expect(classifyCredential('7kq4 m2xd 9htr').kind).toBe('invite');
    expect(classifyCredential('  ').kind).toBe('empty');
    expect(classifyCredential('hello').kind).toBe('unknown');
    expect(classifyCredential('7KQ4-M2X').kind).toBe('unknown');
  });

  it("recognises a second device's sign-in code: eight characters, 4+4", () => {
    expect(classifyCredential('7KQ4-M2XD')).toEqual({ kind: 'sign-in-code', code: '7KQ4-M2XD' });
    expect(classifyCredential(' 7kq4 m2xd ').kind).toBe('sign-in-code');
    expect(classifyCredential('7kq4m2xd').kind).toBe('sign-in-code');
  });
});

describe('isCommitteeRole', () => {
  it('is true for the secretary and committee only', () => {
    expect(isCommitteeRole('secretary')).toBe(true);
    expect(isCommitteeRole('committee')).toBe(true);
    expect(isCommitteeRole('member')).toBe(false);
  });
});
