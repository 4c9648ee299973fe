import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '@branchbook/protocol';
import { accessMatrix, MATRIX_DOCS, MATRIX_GROUP, MATRIX_PEOPLE } from '@branchbook/model/testing';
import { connectClient, nextClose, startAuthServer, whenSynced } from './helpers.ts';

/**
 * The model's access table (packages/model/src/testing/access-matrix.ts), cell by cell, against a
 * real server: the registry holds the same world, each person connects a real client to each
 * document, and what the server lets them read and store must be what the table says.
 */
describe('the access table over /sync', () => {
  it('lets each role read and write exactly what the table says', async () => {
    const s = await startAuthServer();
    for (const id of ['home', 'paired', 'other']) await s.auth.addBranch({ id, name: id });
    const tokens = new Map<string, string>();
    for (const p of MATRIX_PEOPLE) {
      // The organiser (机关党委) is no branch's member: the table gives them nothing.
      if (p.organiser) await s.auth.addOrganiser({ id: p.id, name: p.id });
      else await s.auth.addMember({ ...p, userId: p.id, name: p.id });
      tokens.set(p.id, await s.accounts.issueToken(p.id, 'matrix'));
    }
    await s.auth.pair(['home', 'paired']);
    // Branch home's party group: its leader joins it by being named; the others are put in.
    await s.auth.addGroup({
      id: MATRIX_GROUP.id,
      branchId: 'home',
      name: '第一党小组',
      leaderUserId: MATRIX_GROUP.leaderId,
    });
    for (const userId of MATRIX_GROUP.memberIds)
      await s.auth.changeMember('home', userId, { groupId: MATRIX_GROUP.id });
    for (const doc of MATRIX_DOCS) {
      if (doc.kind === 'meeting')
        await s.auth.addMeeting({
          id: doc.id,
          branchId: doc.facts.branchId,
          kind: doc.facts.kind,
          groupId: doc.facts.kind === 'group' ? MATRIX_GROUP.id : null,
          participantIds: doc.facts.participantIds,
          createdBy: 'sec-home',
        });
      if (doc.kind === 'plan') {
        const { leadBranchId, branchIds } = doc.facts;
        await s.auth.addPlan({ id: doc.id, leadBranchId, branchIds: [...branchIds] });
      }
      if (doc.kind === 'lesson')
        await s.auth.addLesson({
          id: doc.id,
          ...doc.facts,
          coAuthorIds: [...doc.facts.coAuthorIds],
        });
    }

    const cells = accessMatrix();
    await Promise.all(
      cells.map(async (cell) => {
        const client = connectClient(s.wsUrl, cell.docName, {
          token: tokens.get(cell.person.id) ?? '',
        });
        if (!cell.read) {
          expect((await nextClose(client.provider)).code, `${cell.person.id} ${cell.docName}`).toBe(
            CLOSE.forbidden,
          );
          return;
        }
        await whenSynced(client.provider);
        client.doc.getMap('matrix').set(cell.person.id, true);
      }),
    );

    const readOnly = cells.filter((c) => c.read && !c.write).length;
    const dropped = async () =>
      (await s.server.metrics.droppedReadOnlyWrites.get()).values[0]?.value ?? 0;
    const storedWriters = async (docName: string) => {
      await s.server.rooms.flushAll();
      const doc = new Y.Doc();
      const { updates } = await s.store.load(docName);
      if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
      return [...doc.getMap('matrix').keys()].sort();
    };
    for (const doc of MATRIX_DOCS) {
      const name = `${doc.kind}:${doc.id}`;
      const writers = cells
        .filter((c) => c.docName === name && c.write)
        .map((c) => c.person.id)
        .sort();
      await vi.waitFor(async () => expect(await storedWriters(name)).toEqual(writers), {
        timeout: 5_000,
      });
    }
    await vi.waitFor(async () => expect(await dropped()).toBeGreaterThanOrEqual(readOnly), {
      timeout: 5_000,
    });
    // Every drop is in: nobody outside the table's writers got anything stored meanwhile.
    for (const doc of MATRIX_DOCS) {
      const name = `${doc.kind}:${doc.id}`;
      expect(await storedWriters(name)).toEqual(
        cells
          .filter((c) => c.docName === name && c.write)
          .map((c) => c.person.id)
          .sort(),
      );
    }
  });
});
