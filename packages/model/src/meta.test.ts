import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, canWrite, metaMap, readMeta, stampMeta } from './meta.ts';

describe('meta', () => {
  it('reads defaults without writing them', () => {
    const doc = new Y.Doc();
    expect(readMeta(doc)).toEqual({ kind: undefined, schemaVersion: 1, minWriterVersion: 1 });
    expect(metaMap(doc).size).toBe(0);
  });

  it('stamps kind and versions', () => {
    const doc = new Y.Doc();
    stampMeta(doc, 'lesson', 1);
    expect(readMeta(doc)).toEqual({
      kind: 'lesson',
      schemaVersion: SCHEMA_VERSION.lesson,
      minWriterVersion: 1,
    });
  });

  it('never lowers minWriterVersion when an older client stamps', () => {
    const doc = new Y.Doc();
    metaMap(doc).set('minWriterVersion', 3);
    metaMap(doc).set('schemaVersion', 5);
    stampMeta(doc, 'plan', 1);
    expect(readMeta(doc).minWriterVersion).toBe(3);
    expect(readMeta(doc).schemaVersion).toBe(5);
  });

  it('lets only clients at or above minWriterVersion write', () => {
    const meta = { kind: 'lesson' as const, schemaVersion: 2, minWriterVersion: 2 };
    expect(canWrite(meta, 1)).toBe(false);
    expect(canWrite(meta, 2)).toBe(true);
  });
});
