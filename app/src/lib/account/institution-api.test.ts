import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  codeFromHash,
  createInvite,
  joinFromHash,
  joinLink,
  pairingJoinLink,
  revokeInvite,
} from './institution-api.ts';

afterEach(() => vi.unstubAllGlobals());

function serve(body: unknown, status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), init });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  });
  return calls;
}

describe('the join link and its code', () => {
  it('carries the code in the # part, and reads it back however it was encoded', () => {
    const link = joinLink('https://dj.example.org', '7KQ4-M2XD-9HTR');
    expect(link).toBe('https://dj.example.org/join#7KQ4-M2XD-9HTR');
    expect(new URL(link).search).toBe('');
    expect(codeFromHash(new URL(link).hash)).toBe('7KQ4-M2XD-9HTR');
    expect(codeFromHash('#%207KQ4-M2XD-9HTR')).toBe('7KQ4-M2XD-9HTR');
    expect(codeFromHash('')).toBe('');
    expect(codeFromHash('#%E0%A4%A')).toBe('%E0%A4%A');
  });
});

describe('the pairing invite link', () => {
  it('says pair: in the # part, so the join screen asks for the branch too', () => {
    const link = pairingJoinLink('https://dj.example.org', '7KQ4-M2XD-9HTR');
    expect(link).toBe('https://dj.example.org/join#pair:7KQ4-M2XD-9HTR');
    expect(joinFromHash(new URL(link).hash)).toEqual({ code: '7KQ4-M2XD-9HTR', pairing: true });
    expect(joinFromHash('#7KQ4-M2XD-9HTR')).toEqual({ code: '7KQ4-M2XD-9HTR', pairing: false });
    expect(joinFromHash('')).toEqual({ code: '', pairing: false });
  });
});

describe('invites through the typed client', () => {
  it('sends role, days and the name only when given; reads the answer with the schema', async () => {
    const created = {
      id: 'i1',
      branchId: 'b1',
      role: 'member',
      expiresAt: '2026-12-09T00:00:00.000Z',
      code: '7KQ4-M2XD-9HTR',
    };
    const calls = serve(created, 201);
    expect(await createInvite('http://h', 'bb_x', 'b 1', { role: 'member', days: 7 })).toEqual(
      created,
    );
    expect(calls[0]?.url).toBe('http://h/api/branches/b%201/invites');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ role: 'member', days: 7 });
    serve({ ...created, name: '王芳' }, 201);
    await createInvite('http://h', 'bb_x', 'b 1', { role: 'member', days: 30, name: '王芳' });
    serve({ error: { code: 'not_inviter', message: 'no' } }, 403);
    await expect(
      createInvite('http://h', 'bb_x', 'b1', { role: 'secretary', days: 1 }),
    ).rejects.toMatchObject({ failure: 'forbidden', code: 'not_inviter' });
    // An answer without the code is off-contract.
    serve({ ...created, code: undefined }, 201);
    await expect(
      createInvite('http://h', 'bb_x', 'b1', { role: 'member', days: 7 }),
    ).rejects.toMatchObject({ failure: 'server' });
  });

  it('revokes with DELETE and returns the open invites left', async () => {
    const calls = serve({ branchId: 'b1', invites: [] });
    expect(await revokeInvite('http://h', 'bb_x', 'b1', 'i1')).toEqual([]);
    expect(calls[0]).toMatchObject({
      url: 'http://h/api/branches/b1/invites/i1',
      init: { method: 'DELETE' },
    });
  });
});
