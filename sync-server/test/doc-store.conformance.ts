import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore } from '../src/storage/doc-store.ts';

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let captured: Uint8Array | undefined;
  const capture = (update: Uint8Array) => (captured = update);
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  if (!captured) throw new Error('no update');
  return captured;
}

function materialise(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc.getText('t').toString();
}

/** The contract every DocStore implementation keeps; run against SQLite and PostgreSQL. */
export function docStoreConformance(
  name: string,
  open: () => Promise<DocStore>,
  skip = false,
): void {
  describe.skipIf(skip)(`DocStore conformance: ${name}`, () => {
    it('loads nothing for a new document', async () => {
      const store = await open();
      expect(await store.load('study:nobody')).toEqual({ updates: [], bytes: 0 });
    });

    it('loads appended updates in order, with their byte count, per document', async () => {
      const store = await open();
      const doc = new Y.Doc();
      const a = textUpdate(doc, '学习');
      const b = textUpdate(doc, '党章');
      await store.append('study:u1', a);
      await store.append('study:u1', b);
      await store.append('study:u2', textUpdate(new Y.Doc(), 'other'));
      const loaded = await store.load('study:u1');
      expect(loaded.updates.map((u) => [...u])).toEqual([[...a], [...b]]);
      expect(loaded.bytes).toBe(a.byteLength + b.byteLength);
      expect(materialise(loaded.updates)).toBe('学习党章');
    });

    it('compacts into one row with the same content', async () => {
      const store = await open();
      const doc = new Y.Doc();
      for (const word of ['一', '二', '三', '四'])
        await store.append('plan:p', textUpdate(doc, word));
      const compacted = await store.compact('plan:p', (updates) => Y.mergeUpdates(updates));
      expect(compacted.updates).toHaveLength(1);
      const loaded = await store.load('plan:p');
      expect(loaded.updates).toHaveLength(1);
      expect(materialise(loaded.updates)).toBe('一二三四');
    });

    it('loses no update appended while a compaction runs', async () => {
      const store = await open();
      const writers = Array.from({ length: 4 }, () => new Y.Doc());
      const expected = new Set<string>();
      const appends: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        const writer = writers[i % writers.length] as Y.Doc;
        const word = `w${i};`;
        expected.add(word);
        appends.push(store.append('lesson:l', textUpdate(writer, word)));
        if (i % 10 === 5)
          appends.push(store.compact('lesson:l', (u) => Y.mergeUpdates(u)).then(() => undefined));
      }
      await Promise.all(appends);
      await store.compact('lesson:l', (u) => Y.mergeUpdates(u));
      const text = materialise((await store.load('lesson:l')).updates);
      for (const word of expected) expect(text).toContain(word);
    });

    it('answers ping', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
