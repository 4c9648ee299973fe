import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  docOptionsFor,
  initLesson,
  lessonBodyText,
  listVersions,
  saveVersion,
  versionSnapshot,
} from '@branchbook/model';
import { connectClient, startTestServer, waitForDoc, whenSynced } from './helpers.ts';

/** Device A: writes a paragraph, saves it as a named version, then deletes half of it. */
async function writeDeleteAndSave(wsUrl: string, name: string): Promise<string> {
  const a = connectClient(wsUrl, name, {}, new Y.Doc(docOptionsFor(name)));
  await whenSynced(a.provider);
  initLesson(a.doc, { id: 'L1', authorId: 'author' });
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  a.doc.getXmlFragment('body').insert(0, [paragraph]);
  text.insert(0, '同志们：今天我们一起重温入党誓词。');
  const saved = saveVersion(a.doc, { id: 'v1', name: '初稿', at: 1, by: 'author' });
  if (!saved.ok) throw new Error(saved.error.code);
  text.delete(4, text.length - 4);
  expect(lessonBodyText(a.doc)).toBe('同志们：');
  return saved.value.id;
}

/** What device B can still show of the version: the body as it was, rebuilt from the snapshot. */
function bodyAtVersion(doc: Y.Doc, versionId: string): string {
  const snapshot = versionSnapshot(doc, versionId);
  if (!snapshot) throw new Error('no snapshot');
  const then = Y.createDocFromSnapshot(doc, snapshot);
  try {
    return lessonBodyText(then);
  } finally {
    then.destroy();
  }
}

const done = (doc: Y.Doc) => listVersions(doc).length === 1 && lessonBodyText(doc) === '同志们：';

describe('a lesson room keeps deleted content for named versions (DOC_KIND_SPECS: gc false)', () => {
  it('serves a device that joins after the deletion the structs the snapshot refers to', async () => {
    const { wsUrl, server } = await startTestServer();
    const versionId = await writeDeleteAndSave(wsUrl, 'lesson:L1');
    const b = connectClient(wsUrl, 'lesson:L1', {}, new Y.Doc(docOptionsFor('lesson:L1')));
    await waitForDoc(b.doc, done);
    expect(bodyAtVersion(b.doc, versionId)).toBe('同志们：今天我们一起重温入党誓词。');
    const room = server.rooms.open('lesson:L1');
    expect(room.doc.gc).toBe(false);
    expect(server.rooms.open('plan:p1').doc.gc).toBe(true);
  });

  it('builds a room loaded from stored updates the same way (after a restart)', async () => {
    const first = await startTestServer();
    const versionId = await writeDeleteAndSave(first.wsUrl, 'lesson:L1');
    // A witness that has everything: the server stored it before it relayed it.
    const witness = connectClient(first.wsUrl, 'lesson:L1', {}, new Y.Doc({ gc: false }));
    await waitForDoc(witness.doc, done);
    await first.server.rooms.flushAll();
    await first.server.close();
    await first.store.close();

    const second = await startTestServer({ dataDir: first.dataDir });
    const b = connectClient(second.wsUrl, 'lesson:L1', {}, new Y.Doc(docOptionsFor('lesson:L1')));
    await whenSynced(b.provider);
    expect(done(b.doc)).toBe(true);
    expect(bodyAtVersion(b.doc, versionId)).toBe('同志们：今天我们一起重温入党誓词。');
  });
});
