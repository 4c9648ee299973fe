import type { KyselyPlugin } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { openStorage } from '../src/storage/open-storage.ts';
import { AuthStoreError } from '../src/auth/auth-store.ts';
import { RegistryStore } from '../src/auth/registry-store.ts';
import type { SqliteStore } from '../src/storage/sqlite-store.ts';
import { tempDir } from './helpers.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

function authConformance(name: string, open: () => Promise<RegistryStore>, skip = false): void {
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

    it('keeps the institution, its organisers and one live setup code', async () => {
      const auth = await open();
      expect(await auth.hasUsers()).toBe(false);
      expect(await auth.hasOrganiser()).toBe(false);
      expect(await auth.institution()).toBeNull();
      await auth.replaceSetupCode('s1');
      await auth.replaceSetupCode('s2');
      // A new code replaces the old one; a code is used once.
      expect(await auth.takeSetupCode('s1')).toBe(false);
      expect(await auth.takeSetupCode('s2')).toBe(true);
      expect(await auth.takeSetupCode('s2')).toBe(false);
      await auth.addOrganiser({ id: 'o', name: '组织员' });
      await auth.addOrganiser({ id: 'o', name: '组织员甲' });
      await auth.setInstitution('文物局机关党委');
      await auth.setInstitution('市文物局机关党委');
      expect(await auth.institution()).toEqual({ name: '市文物局机关党委' });
      expect(await auth.hasUsers()).toBe(true);
      expect(await auth.hasOrganiser()).toBe(true);
      expect(await auth.isOrganiser('o')).toBe(true);
      expect(await auth.getUser('o')).toEqual({ id: 'o', name: '组织员甲' });
      // The organiser is no branch's member.
      expect(await auth.membershipsOfUser('o')).toEqual([]);
      await auth.addBranch({ id: 'b2', name: '乙支部' });
      await auth.addBranch({ id: 'b1', name: '甲支部' });
      await auth.addMember({ branchId: 'b1', userId: 'u1', name: 'u1', role: 'secretary' });
      await auth.addMember({ branchId: 'b1', userId: 'u2', name: 'u2', role: 'member' });
      expect(await auth.isOrganiser('u1')).toBe(false);
      expect((await auth.directory()).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'b1', name: '甲支部', members: 2 },
        { id: 'b2', name: '乙支部', members: 0 },
      ]);
    });

    it("lists a branch's open invites with who they are for, and revokes them", async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b', name: 'b' });
      await auth.addBranch({ id: 'c', name: 'c' });
      const now = Date.now();
      const invite = { branchId: 'b', role: 'member', userId: null } as const;
      await auth.addInvite('h1', {
        ...invite,
        id: 'i1',
        name: '王芳',
        expiresAt: now + 1000,
        createdAt: now,
      });
      await auth.addInvite('h2', {
        ...invite,
        id: 'i2',
        role: 'secretary',
        expiresAt: now + 2000,
        createdAt: now + 1,
        createdBy: 'o',
      });
      await auth.addInvite('h3', { ...invite, id: 'i3', expiresAt: now - 1 });
      await auth.addInvite('h4', { ...invite, expiresAt: now + 1000 }); // the CLI's: no id
      await auth.addInvite('h5', { ...invite, branchId: 'c', id: 'i5', expiresAt: now + 1000 });
      expect(await auth.openInvitesOfBranch('b', now)).toEqual([
        {
          id: 'i2',
          branchId: 'b',
          role: 'secretary',
          name: null,
          expiresAt: now + 2000,
          createdAt: now + 1,
        },
        {
          id: 'i1',
          branchId: 'b',
          role: 'member',
          name: '王芳',
          expiresAt: now + 1000,
          createdAt: now,
        },
      ]);
      expect(await auth.findInvite('h1', now)).toMatchObject({ name: '王芳', role: 'member' });
      expect(await auth.takeInvite('h1', now)).toMatchObject({ name: '王芳' });
      expect((await auth.openInvitesOfBranch('b', now)).map((i) => i.id)).toEqual(['i2']);
      // Another branch's invite is not revoked through this one, nor a used one.
      expect(await auth.revokeInvite('b', 'i5')).toBe(false);
      expect(await auth.revokeInvite('b', 'i1')).toBe(false);
      expect(await auth.revokeInvite('b', 'i2')).toBe(true);
      expect(await auth.revokeInvite('b', 'i2')).toBe(false);
      expect(await auth.findInvite('h2', now)).toBeNull();
      expect(await auth.openInvitesOfBranch('b', now)).toEqual([]);
    });

    it('keeps each token as a device of its own user only, and one sign-in code per user', async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b', name: 'b' });
      await auth.addMember({ branchId: 'b', userId: 'u', name: '李四', role: 'member' });
      await auth.addMember({ branchId: 'b', userId: 'v', name: '王五', role: 'member' });
      const phone = await auth.addToken('u', 'h1', 'invite', 'Android 手机 · Chrome');
      const laptop = await auth.addToken('u', 'h2', 'code');
      const other = await auth.addToken('v', 'h3', 'invite');
      expect(new Set([phone, laptop, other]).size).toBe(3);
      expect(await auth.sessionOfToken('h1')).toEqual({
        userId: 'u',
        tokenId: phone,
        lastSeenAt: 0,
      });
      await auth.touchToken(phone, 1_700_000_000_000);
      expect((await auth.sessionOfToken('h1'))?.lastSeenAt).toBe(1_700_000_000_000);
      // Oldest first; these two may be made within one millisecond, so either order.
      const devices = await auth.devicesOfUser('u');
      expect(devices).toHaveLength(2);
      expect(devices).toEqual(
        expect.arrayContaining([
          {
            id: phone,
            name: 'Android 手机 · Chrome',
            createdAt: expect.any(Number),
            lastSeenAt: 1_700_000_000_000,
          },
          { id: laptop, name: null, createdAt: expect.any(Number), lastSeenAt: null },
        ]),
      );
      // Another user's device is not found, for renaming and revoking alike.
      expect(await auth.renameDevice('u', other, 'x')).toBe(false);
      expect(await auth.revokeDevice('u', other)).toBe(false);
      expect(await auth.userOfToken('h3')).toBe('v');
      expect(await auth.renameDevice('u', laptop, '办公室电脑')).toBe(true);
      expect(await auth.revokeDevice('u', phone)).toBe(true);
      expect(await auth.revokeDevice('u', phone)).toBe(false);
      expect(await auth.userOfToken('h1')).toBeNull();
      expect(await auth.devicesOfUser('u')).toMatchObject([{ id: laptop, name: '办公室电脑' }]);
      expect(await auth.renameUser('u', '李四华')).toBe(true);
      expect(await auth.getUser('u')).toEqual({ id: 'u', name: '李四华' });
      expect(await auth.renameUser('nobody', 'x')).toBe(false);

      const now = Date.now();
      await auth.replaceSignInCode('u', 'c1', now + 60_000);
      await auth.replaceSignInCode('u', 'c2', now + 60_000);
      await auth.replaceSignInCode('v', 'old', now - 1);
      expect(await auth.takeSignInCode('c1', now)).toBeNull(); // replaced
      expect(await auth.takeSignInCode('old', now)).toBeNull(); // expired
      const takes = await Promise.all([
        auth.takeSignInCode('c2', now),
        auth.takeSignInCode('c2', now),
      ]);
      expect(takes.filter(Boolean)).toEqual(['u']);
      expect(await auth.takeSignInCode('c2', now)).toBeNull();
      // A new code after a used one works again.
      await auth.replaceSignInCode('u', 'c3', now + 60_000);
      expect(await auth.takeSignInCode('c3', now)).toBe('u');
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
        review: { status: 'draft', by: '', byName: '', at: 0, note: '' },
      });
      expect(await auth.getLesson('missing')).toBeNull();
      // A review change is recorded only from the status it was made on.
      const submit = { status: 'submitted', by: 'w', note: '', at: 1_700_000_000_000 } as const;
      expect(await auth.setLessonReview('l', 'draft', submit)).toBe(true);
      expect(await auth.setLessonReview('l', 'draft', submit)).toBe(false);
      const ret = { status: 'draft', by: 'w', note: '请补充案例', at: 1_700_000_000_001 } as const;
      expect(await auth.setLessonReview('l', 'submitted', ret)).toBe(true);
      expect((await auth.lessonsOfUser('w'))[0]?.review).toEqual({
        status: 'draft',
        by: 'w',
        byName: 'w',
        at: 1_700_000_000_001,
        note: '请补充案例',
      });
      expect(await auth.setLessonReview('missing', 'draft', submit)).toBe(false);
    });

    it('pairs on acceptance: proposals, answers, ending, and the branches a name finds', async () => {
      const auth = await open();
      const names = { a: '第一支部', b: '第二支部', c: '考古所支部', d: '100%_支部' };
      for (const [id, name] of Object.entries(names)) await auth.addBranch({ id, name });
      await auth.addMember({ branchId: 'a', userId: 'sa', name: '书记甲', role: 'secretary' });
      const proposal = await auth.proposePairing({ by: 'sa', branchId: 'a', others: ['b', 'c'] });
      expect(proposal).toMatchObject({
        branchIds: ['a'],
        invitedIds: ['b', 'c'],
        proposedBy: 'sa',
        proposedBranchId: 'a',
      });
      expect(await auth.pairedBranches('a')).toEqual([]);
      // Asked branches see the proposal in their list; a declined one no longer does.
      expect((await auth.pairingsOfBranches(['c'])).map((p) => p.id)).toEqual([proposal.id]);
      expect(await auth.answerPairing(proposal.id, 'b', { accept: true, by: 'sb' })).toBe(true);
      // Answered once: a second answer (another device, a double tap) changes nothing.
      expect(await auth.answerPairing(proposal.id, 'b', { accept: false, by: 'sb' })).toBe(false);
      expect(await auth.pairedBranches('a')).toEqual(['b']);
      expect(await auth.pairedBranches('c')).toEqual([]);
      expect(await auth.answerPairing(proposal.id, 'c', { accept: false, by: 'sc' })).toBe(true);
      expect(await auth.pairingsOfBranches(['c'])).toEqual([]);
      expect(await auth.getPairing(proposal.id)).toMatchObject({
        branchIds: ['a', 'b'],
        invitedIds: [],
      });
      await expect(auth.setPairingLead(proposal.id, '2026-05', 'c')).rejects.toMatchObject({
        code: 'invalid',
      });
      await auth.setPairingLead(proposal.id, '2026-05', 'b');

      // Ending: no longer paired, no longer listed, kept (with its leads) for its plans.
      expect(await auth.endPairing(proposal.id, 'sb')).toBe(true);
      expect(await auth.endPairing(proposal.id, 'sa')).toBe(false);
      expect(await auth.pairedBranches('a')).toEqual([]);
      expect(await auth.pairingsOfBranches(['a', 'b'])).toEqual([]);
      expect(await auth.getPairing(proposal.id)).toMatchObject({
        endedAt: expect.any(Number),
        leads: { '2026-05': 'b' },
      });
      expect(await auth.answerPairing(proposal.id, 'c', { accept: true, by: 'sc' })).toBe(false);

      // Declined by every branch asked: the proposal ends by itself.
      const declined = await auth.proposePairing({ by: 'sa', branchId: 'a', others: ['d'] });
      expect(await auth.answerPairing(declined.id, 'd', { accept: false, by: 'sd' })).toBe(true);
      expect((await auth.getPairing(declined.id))?.endedAt).toEqual(expect.any(Number));
      // A secretary of both branches accepts for both at once.
      const both = await auth.proposePairing({
        by: 'sa',
        branchId: 'a',
        others: ['c'],
        alsoAccepted: ['c'],
      });
      expect(both).toMatchObject({ branchIds: ['a', 'c'], invitedIds: [] });
      await expect(
        auth.proposePairing({ by: 'sa', branchId: 'a', others: ['nope'] }),
      ).rejects.toMatchObject({ code: 'not-found' });

      // (In the database's name order, which is its collation's: the API sorts by pinyin.)
      expect((await auth.findBranches('支部', 10)).map((b) => b.id).sort()).toEqual([
        'a',
        'b',
        'c',
        'd',
      ]);
      expect((await auth.findBranches('考古', 10)).map((b) => b.id)).toEqual(['c']);
      // What people type is matched as typed: % and _ are no wildcards.
      expect((await auth.findBranches('%_', 10)).map((b) => b.id)).toEqual(['d']);
      expect((await auth.findBranches('_', 10)).map((b) => b.id)).toEqual(['d']);
      expect(await auth.findBranches('', 2)).toHaveLength(2);
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
      expect(await auth.pairingsOfBranches(['a'])).toEqual([
        {
          id: pairing.id,
          branchIds: ['a', 'b'],
          invitedIds: [],
          leads: { '2026-05': 'b' },
          createdAt: expect.any(Number),
        },
      ]);
      expect(await auth.getPairing('none')).toBeNull();

      await auth.addPlan({ id: 'p', leadBranchId: 'a', branchIds: ['b'] });
      await auth.setPlanBranches('p', ['c']);
      expect((await auth.getPlan('p'))?.branchIds).toEqual(['a', 'c']);
      expect((await auth.plansOfBranches(['c'])).map((p) => p.id)).toEqual(['p']);
      expect(await auth.plansOfBranches(['b'])).toEqual([]);
      await auth.addPlan({ id: 'q', leadBranchId: 'b', branchIds: ['c'] });
      // Several branches at once: each plan once, in id order; likewise pairings and branches.
      expect((await auth.plansOfBranches(['c', 'a', 'b'])).map((p) => p.id)).toEqual(['p', 'q']);
      await auth.pair(['b', 'c']);
      expect((await auth.pairingsOfBranches(['a', 'b', 'c'])).length).toBe(2);
      expect(await auth.branchesByIds(['c', 'nope', 'a', 'c'])).toEqual([
        { id: 'a', name: 'a' },
        { id: 'c', name: 'c' },
      ]);

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

    it('keeps meeting records with the facts of their kind: group, leader, members, people', async () => {
      const auth = await open();
      for (const id of ['a', 'b']) await auth.addBranch({ id, name: id });
      for (const userId of ['s', 'l', 'm', 'n'])
        await auth.addMember({
          branchId: 'a',
          userId,
          name: userId,
          role: userId === 's' ? 'secretary' : 'member',
        });
      await auth.addGroup({ id: 'g', branchId: 'a', name: '一组', leaderUserId: 'l' });
      await auth.changeMember('a', 'm', { groupId: 'g' });
      const base = { branchId: 'a', groupId: null, participantIds: [], createdBy: 's' };
      await auth.addMeeting({ ...base, id: 'm2', kind: 'group', groupId: 'g' });
      await auth.addMeeting({ ...base, id: 'm1', kind: 'general' });
      await auth.addMeeting({ ...base, id: 'm3', kind: 'talk', participantIds: ['n', 'm'] });
      await expect(auth.addMeeting({ ...base, id: 'm1', kind: 'general' })).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await auth.getMeeting('m2')).toEqual({
        id: 'm2',
        branchId: 'a',
        kind: 'group',
        groupId: 'g',
        groupLeaderId: 'l',
        groupMemberIds: ['l', 'm'],
        participantIds: [],
      });
      expect((await auth.getMeeting('m3'))?.participantIds).toEqual(['m', 'n']);
      expect(await auth.getMeeting('none')).toBeNull();
      expect((await auth.meetingsOfBranches(['b', 'a'])).map((m) => m.id)).toEqual([
        'm1',
        'm2',
        'm3',
      ]);
      expect(await auth.meetingsOfBranches([])).toEqual([]);
    });

    it("keeps the inbox's events, by audience, with names as they are now", async () => {
      const auth = await open();
      await auth.addBranch({ id: 'a', name: '甲支部' });
      await auth.addMember({ branchId: 'a', userId: 'w', name: '王芳', role: 'secretary' });
      const at = 1_790_000_000_000;
      await auth.recordEvents([
        {
          kind: 'lesson.coAuthor',
          actorId: 'w',
          refId: 'l',
          aboutBranchId: 'a',
          at,
          audience: { audience: 'user', userId: 'v' },
        },
        {
          kind: 'plan.shared',
          actorId: 'w',
          refId: 'p',
          at: at + 1,
          detail: '说明',
          audience: { audience: 'members', branchId: 'b' },
        },
        {
          kind: 'plan.shared',
          actorId: 'v',
          refId: 'q',
          at,
          audience: { audience: 'members', branchId: 'b' },
        },
      ]);
      await auth.recordEvents([]);
      const forV = await auth.eventsFor('v', ['b'], { after: 0, limit: 10 });
      // v's own act (q) is not news to v.
      expect(forV.map((e) => [e.kind, e.refId, e.actorName, e.branchName, e.detail])).toEqual([
        ['lesson.coAuthor', 'l', '王芳', '甲支部', undefined],
        ['plan.shared', 'p', '王芳', undefined, '说明'],
      ]);
      expect(forV[0]).toMatchObject({ at, audience: { audience: 'user', userId: 'v' } });
      expect(forV[1]?.audience).toEqual({ audience: 'members', branchId: 'b' });
      const [first] = forV;
      expect(await auth.eventsFor('v', [], { after: first?.seq ?? 0, limit: 10 })).toEqual([]);
      expect((await auth.eventsFor('x', ['b'], { limit: 1 })).map((e) => e.refId)).toEqual(['q']);
    });

    it('reads lists in the same number of queries for one item as for many (no N+1)', async () => {
      const auth = await open();
      const branches = ['a', 'b', 'c', 'd', 'e', 'f'];
      for (const id of branches) await auth.addBranch({ id, name: id });
      await auth.addMember({ branchId: 'a', userId: 's', name: 's', role: 'secretary' });
      await auth.addMember({ branchId: 'b', userId: 'w', name: 'w', role: 'member' });
      for (const [i, id] of branches.entries()) {
        const other = branches[(i + 1) % branches.length] as string;
        await auth.addPlan({ id: `p${i}`, leadBranchId: id, branchIds: [other] });
        const pairing = await auth.pair([id, other]);
        await auth.setPairingLead(pairing.id, '2026-05', other);
        await auth.addLesson({ id: `l${i}`, authorId: 'w', branchId: 'a', coAuthorIds: ['s'] });
      }
      const pairings = await auth.pairingsOfBranches(['a']);
      expect(pairings).toHaveLength(2);
      expect(pairings[0]?.leads).toEqual({ '2026-05': expect.any(String) });

      // Counted as they run (a result each): subqueries inside one statement are not queries.
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: (args) => (queries++, Promise.resolve(args.result)),
      };
      const counted = new RegistryStore(auth.db.withPlugin(counter), auth.options);
      type Read = () => Promise<unknown>;
      const reads: Record<string, [few: Read, many: Read]> = {
        plansOfBranches: [
          () => counted.plansOfBranches(['a']),
          () => counted.plansOfBranches(branches),
        ],
        pairingsOfBranches: [
          () => counted.pairingsOfBranches(['a']),
          () => counted.pairingsOfBranches(branches),
        ],
        branchesByIds: [() => counted.branchesByIds(['a']), () => counted.branchesByIds(branches)],
        // s (secretary of the authors' branch, co-author of all) sees six lessons.
        lessonsOfUser: [() => counted.lessonsOfUser('nobody'), () => counted.lessonsOfUser('s')],
        getPlan: [() => counted.getPlan('missing'), () => counted.getPlan('p5')],
        getPairing: [
          () => counted.getPairing('missing'),
          () => counted.getPairing(pairings[0]?.id ?? ''),
        ],
      };
      const counts: Record<string, number[]> = {};
      for (const [name, pair] of Object.entries(reads)) {
        counts[name] = [];
        for (const read of pair) {
          queries = 0;
          await read();
          counts[name].push(queries);
        }
      }
      expect(counts).toEqual({
        plansOfBranches: [1, 1],
        pairingsOfBranches: [2, 2],
        branchesByIds: [1, 1],
        lessonsOfUser: [1, 1],
        getPlan: [1, 1],
        getPairing: [2, 2],
      });
      expect((await counted.lessonsOfUser('s')).map((l) => l.coAuthorIds)).toEqual(
        branches.map(() => ['s']),
      );
      expect(await counted.plansOfBranches([])).toEqual([]);
      expect(await counted.branchesByIds([])).toEqual([]);
    });

    it('the roster: joined dates, groups, devices; removal keeps a record; groups and their leaders', async () => {
      const auth = await open();
      await auth.addBranch({ id: 'b1', name: '第一支部' });
      await auth.addBranch({ id: 'dig', name: '工地临时支部' });
      await auth.addMember({ branchId: 'b1', userId: 's', name: '李书记', role: 'secretary' });
      await auth.addMember({ branchId: 'b1', userId: 'a', name: '张晓红', role: 'member' });
      await auth.addMember({ branchId: 'b1', userId: 'b', name: '张晓红', role: 'member' });
      await auth.addMember({ branchId: 'dig', userId: 'b', name: '张晓红', role: 'member' });
      await auth.addToken('a', 'h1', 'phone');
      await auth.addToken('a', 'h2', 'tablet');
      await auth.addToken('a', 'h3', 'old');
      await auth.revokeToken('h3');
      await auth.addToken('b', 'h4', 'phone');
      await auth.addGroup({ id: 'g1', branchId: 'b1', name: '第一党小组', leaderUserId: 'a' });
      await expect(
        auth.addGroup({ id: 'g2', branchId: 'b1', name: '第一党小组', leaderUserId: null }),
      ).rejects.toMatchObject({ code: 'conflict' });
      const roster = await auth.rosterOfBranch('b1');
      expect(roster.map(({ userId, groupId, devices }) => ({ userId, groupId, devices }))).toEqual([
        { userId: 'a', groupId: 'g1', devices: 2 },
        { userId: 'b', groupId: null, devices: 1 },
        { userId: 's', groupId: null, devices: 0 },
      ]);
      for (const m of roster) expect(Date.now() - (m.joinedAt ?? 0)).toBeLessThan(60_000);
      // Re-adding keeps the joined date.
      const joined = roster[0]?.joinedAt;
      await auth.addMember({ branchId: 'b1', userId: 'a', name: '张晓红', role: 'member' });
      expect((await auth.rosterOfBranch('b1'))[0]?.joinedAt).toBe(joined);

      await auth.changeMember('b1', 'b', { groupId: 'g1', name: '张晓红（档案室）' });
      await auth.changeMember('b1', 'a', { groupId: null });
      expect(await auth.groupsOfBranch('b1')).toEqual([
        { id: 'g1', branchId: 'b1', name: '第一党小组', leaderUserId: null, memberIds: ['b'] },
      ]);
      await expect(auth.changeMember('b1', 's', { role: 'member' })).rejects.toMatchObject({
        code: 'last-secretary',
      });
      await expect(auth.removeMember('b1', 's', 's')).rejects.toMatchObject({
        code: 'last-secretary',
      });
      await expect(auth.removeMember('b1', 'nobody', 's')).rejects.toMatchObject({
        code: 'not-found',
      });
      // One branch left (the dig): tokens stay. No branch left: every token revoked.
      expect(await auth.removeMember('b1', 'b', 's')).toBe(0);
      expect(await auth.userOfToken('h4')).toBe('b');
      expect(await auth.removeMember('b1', 'a', 's')).toBe(2);
      expect(await auth.userOfToken('h1')).toBeNull();
      expect((await auth.formerMembersOfBranch('b1')).map((f) => [f.userId, f.name])).toEqual([
        ['a', '张晓红'],
        ['b', '张晓红（档案室）'],
      ]);
      expect(await auth.formerBranchesOfUser('b')).toEqual(['b1']);
      expect((await auth.rosterOfBranch('b1')).map((m) => m.userId)).toEqual(['s']);
      await auth.deleteGroup('b1', 'g1');
      expect(await auth.groupsOfBranch('b1')).toEqual([]);
      // The organiser keeps their sign-in when removed from their last branch.
      await auth.addOrganiser({ id: 's2', name: '组织员' });
      await auth.addMember({ branchId: 'b1', userId: 's2', name: '组织员', role: 'member' });
      await auth.addToken('s2', 'h5', 'phone');
      expect(await auth.removeMember('b1', 's2', 's')).toBe(0);
      expect(await auth.userOfToken('h5')).toBe('s2');
      const changes = await auth.accessChangesSince(0, 500);
      expect(changes.filter((c) => c.userId === 'a').length).toBeGreaterThan(0);
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
  return storage.auth as RegistryStore;
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
    return storage.auth as RegistryStore;
  },
  servicesMissing,
);

describe("SQLite: the registry shares the documents' connection", () => {
  it('a document update made while a registry transaction is open is stored, even when that transaction rolls back', async () => {
    const storage = await openStorage({
      dataDir: tempDir(),
      databaseUrl: null,
      databaseSchema: 'public',
    });
    onTestFinished(() => storage.close());
    const docs = storage.docs as SqliteStore;
    const doc = new Y.Doc();
    doc.getMap('settings').set('memberTarget', 32);
    const update = Y.encodeStateAsUpdate(doc);

    // Refused inside its transaction (no such branch): rolled back.
    const refused = storage.auth
      .addMember({ branchId: 'nope', userId: 'u', name: 'u', role: 'member' })
      .catch((error: unknown) => error);
    let appended: Promise<void> | undefined;
    for (let i = 0; i < 1000 && !appended; i++) {
      await Promise.resolve();
      if (docs.db.inTransaction) appended = docs.append('branch:b', update);
    }
    expect(appended).toBeDefined();
    expect(await refused).toBeInstanceOf(AuthStoreError);
    await appended;
    expect((await docs.load('branch:b')).updates).toHaveLength(1);
    expect(docs.db.inTransaction).toBe(false);
  });
});
