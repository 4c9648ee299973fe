import { describe, expect, it, onTestFinished } from 'vitest';
import { openStorage } from '../src/storage/open-storage.ts';
import type { AuthStore } from '../src/auth/auth-store.ts';
import { tempDir } from './helpers.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

function authConformance(name: string, open: () => Promise<AuthStore>, skip = false): void {
  describe.skipIf(skip)(`AuthStore conformance: ${name}`, () => {
    it('keeps branches, members and roles', async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b1', name: '第一支部' });
      await expect(auth.addBranch({ id: 'b1', name: 'again' })).rejects.toMatchObject({
        code: 'conflict',
      });
      await auth.addMember({ branchId: 'b1', userId: 'u2', name: '王五', role: 'member' });
      await auth.addMember({ branchId: 'b1', userId: 'u1', name: '李四', role: 'member' });
      await auth.addMember({ branchId: 'b1', userId: 'u1', name: '李四', role: 'secretary' });
      await expect(
        auth.addMember({ branchId: 'nope', userId: 'u3', name: 'x', role: 'member' }),
      ).rejects.toMatchObject({
        code: 'not-found',
      });
      expect(await auth.membershipsOfUser('u1')).toEqual([
        { branchId: 'b1', userId: 'u1', role: 'secretary' },
      ]);
      expect((await auth.membersOfBranch('b1')).map((m) => m.userId).sort()).toEqual(['u1', 'u2']);
      expect(await auth.getUser('u1')).toEqual({ id: 'u1', name: '李四' });
    });

    it("keeps a committee member's duty, and refuses one for a plain member", async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b1', name: '第一支部' });
      const jiang = { branchId: 'b1', userId: 'j', name: '蒋青', role: 'committee' } as const;
      expect(await auth.addMember({ ...jiang, duty: 'discipline' })).toEqual({
        ...{ branchId: 'b1', userId: 'j', role: 'committee' },
        duty: 'discipline',
      });
      expect(await auth.membershipsOfUser('j')).toEqual([
        { branchId: 'b1', userId: 'j', role: 'committee', duty: 'discipline' },
      ]);
      expect((await auth.membersOfBranch('b1'))[0]).toMatchObject({ duty: 'discipline' });
      await expect(
        auth.addMember({
          branchId: 'b1',
          userId: 'm',
          name: 'm',
          role: 'member',
          duty: 'publicity',
        }),
      ).rejects.toMatchObject({ code: 'invalid' });
      await expect(
        auth.addMember({ ...jiang, duty: 'treasurer' as 'discipline' }),
      ).rejects.toMatchObject({ code: 'invalid' });
      // Added again without one: the duty is gone, and so is the key.
      await auth.addMember(jiang);
      expect(await auth.membershipsOfUser('j')).toEqual([
        { branchId: 'b1', userId: 'j', role: 'committee' },
      ]);
    });

    it('pairs branches both ways', async () => {
      const auth = await open();
      for (const id of ['a', 'b', 'c']) await auth.addBranch({ id, name: id });
      await auth.pair(['a', 'b', 'c']);
      expect(await auth.pairedBranches('b')).toEqual(['a', 'c']);
      await expect(auth.pair(['a', 'a'])).rejects.toMatchObject({ code: 'invalid' });
    });

    it('finds live tokens only, and takes an invite once', async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b', name: 'b' });
      await auth.addMember({ branchId: 'b', userId: 'u', name: 'u', role: 'member' });
      await auth.addToken('u', 'h1', 'test');
      await auth.addToken('u', 'h2', 'test');
      expect(await auth.userOfToken('h1')).toBe('u');
      expect(await auth.revokeToken('h1')).toBe(1);
      expect(await auth.userOfToken('h1')).toBeNull();
      expect(await auth.revokeTokensOfUser('u')).toBe(1);
      expect(await auth.userOfToken('h2')).toBeNull();

      const now = Date.now();
      await auth.addInvite('i1', {
        branchId: 'b',
        role: 'member',
        userId: null,
        expiresAt: now + 1000,
      });
      await auth.addInvite('old', {
        branchId: 'b',
        role: 'member',
        userId: null,
        expiresAt: now - 1,
      });
      expect(await auth.findInvite('old', now)).toBeNull();
      const takes = await Promise.all([auth.takeInvite('i1', now), auth.takeInvite('i1', now)]);
      expect(takes.filter(Boolean)).toHaveLength(1);
    });

    it('registers plans and lessons with their participants', async () => {
      const auth = await open();
      for (const id of ['a', 'b']) await auth.addBranch({ id, name: id });
      await auth.addMember({ branchId: 'a', userId: 'w', name: 'w', role: 'member' });
      await auth.addPlan({ id: 'p', leadBranchId: 'a', branchIds: ['b'] });
      expect(await auth.getPlan('p')).toEqual({
        id: 'p',
        leadBranchId: 'a',
        branchIds: ['a', 'b'],
      });
      await expect(
        auth.addPlan({ id: 'p', leadBranchId: 'a', branchIds: [] }),
      ).rejects.toMatchObject({ code: 'conflict' });
      await auth.addLesson({ id: 'l', authorId: 'w', branchId: 'a', coAuthorIds: [] });
      expect(await auth.getLesson('l')).toEqual({
        id: 'l',
        authorId: 'w',
        branchId: 'a',
        coAuthorIds: [],
      });
      expect(await auth.getLesson('missing')).toBeNull();
    });

    it('keeps monthly leads, changes plan branches and co-authors', async () => {
      const auth = await open();
      for (const id of ['a', 'b', 'c']) await auth.addBranch({ id, name: id });
      await auth.addMember({ branchId: 'a', userId: 'w', name: 'w', role: 'member' });
      await auth.addMember({ branchId: 'a', userId: 'v', name: 'v', role: 'member' });
      const pairing = await auth.pair(['a', 'b']);
      await auth.setPairingLead(pairing.id, '2026-05', 'b');
      await expect(auth.setPairingLead(pairing.id, '2026-05', 'c')).rejects.toMatchObject({
        code: 'invalid',
      });
      expect(await auth.pairingsOfBranch('a')).toEqual([
        { id: pairing.id, branchIds: ['a', 'b'], leads: { '2026-05': 'b' } },
      ]);
      expect(await auth.getPairing('none')).toBeNull();

      await auth.addPlan({ id: 'p', leadBranchId: 'a', branchIds: ['b'] });
      await auth.setPlanBranches('p', ['c']);
      expect((await auth.getPlan('p'))?.branchIds).toEqual(['a', 'c']);
      expect((await auth.plansOfBranch('c')).map((p) => p.id)).toEqual(['p']);
      expect(await auth.plansOfBranch('b')).toEqual([]);

      await auth.addLesson({ id: 'l', authorId: 'w', branchId: 'a', coAuthorIds: [] });
      await auth.setLessonCoAuthors('l', ['v']);
      expect((await auth.lessonsOfUser('v')).map((l) => l.coAuthorIds)).toEqual([['v']]);
      expect((await auth.lessonsOfUser('w')).map((l) => l.id)).toEqual(['l']);
      // The committee of the author's branch reviews every draft of it; other branches' do not.
      await auth.addMember({ branchId: 'a', userId: 's', name: 's', role: 'secretary' });
      await auth.addMember({ branchId: 'b', userId: 't', name: 't', role: 'committee' });
      await auth.addLesson({ id: 'm', authorId: 'v', branchId: 'a', coAuthorIds: [] });
      expect((await auth.lessonsOfUser('s')).map((l) => l.id)).toEqual(['l', 'm']);
      expect(await auth.lessonsOfUser('t')).toEqual([]);
      expect((await auth.lessonsOfUser('w')).map((l) => l.id)).toEqual(['l']);
      await expect(auth.setLessonCoAuthors('missing', [])).rejects.toMatchObject({
        code: 'not-found',
      });
    });
  });
}

authConformance('SQLite', async () => {
  const storage = await openStorage({
    dataDir: tempDir(),
    databaseUrl: null,
    databaseSchema: 'public',
  });
  onTestFinished(() => storage.close());
  return storage.auth;
});

authConformance(
  'PostgreSQL',
  async () => {
    const storage = await openStorage({
      dataDir: '',
      databaseUrl: DATABASE_URL,
      databaseSchema: freshSchema(),
    });
    onTestFinished(() => storage.close());
    return storage.auth;
  },
  servicesMissing,
);
