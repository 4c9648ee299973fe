import type * as Y from 'yjs';
import { DOC_KINDS, type DocKind } from './doc-name.ts';
import { isOneOf } from './scalars.ts';

/**
 * Every document carries its schema version and the oldest client version allowed to write it.
 * Schema changes are additive only; a client older than `minWriterVersion` must open the doc
 * read-only, because an old editor schema deletes nodes it does not know — for everyone.
 */
export interface DocMeta {
  kind: DocKind | undefined;
  schemaVersion: number;
  minWriterVersion: number;
}

/** The schema version this build of the model writes, per document kind. */
export const SCHEMA_VERSION: Readonly<Record<DocKind, number>> = {
  branch: 1,
  study: 1,
  // 2: one-line texts people type (a plan's theme, place, role names, list entries' titles; a
  // lesson's title and subtitle) are root-level `Y.Text`s merged character-wise (text-field.ts).
  // A schema-1 app would keep writing the old strings, which schema 2 no longer reads, so the app
  // stamps minWriterVersion 2 when it writes them (`TEXT_MIN_WRITER_VERSION`).
  plan: 2,
  lesson: 2,
  // 2: a meeting record's agenda titles and spending items are character-wise texts the same way.
  meeting: 2,
  // 1: written with character-wise texts from the start (no schema-1 strings to fall back to).
  yearplan: 1,
};

/** The `minWriterVersion` a document gets once its character-wise texts are written. */
export const TEXT_MIN_WRITER_VERSION = 2;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

/**
 * Stamps the meta map. Only raises versions, never lowers them, so two clients of different ages
 * stamping concurrently cannot move a doc backwards. Call when this client writes the doc.
 */
export function stampMeta(doc: Y.Doc, kind: DocKind, minWriterVersion = 1): void {
  const meta = metaMap(doc);
  const current = readMeta(doc);
  doc.transact(() => {
    if (meta.get('kind') !== kind) meta.set('kind', kind);
    if (current.schemaVersion < SCHEMA_VERSION[kind]) {
      meta.set('schemaVersion', SCHEMA_VERSION[kind]);
    }
    if (current.minWriterVersion < minWriterVersion) meta.set('minWriterVersion', minWriterVersion);
  });
}

function readVersion(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 1;
}

/** Reads the meta map; defaults are applied here, never written (DESIGN.md, "Rules for the model"). */
export function readMeta(doc: Y.Doc): DocMeta {
  const meta = metaMap(doc);
  const kind = meta.get('kind');
  return {
    kind: isOneOf(DOC_KINDS, kind) ? kind : undefined,
    schemaVersion: readVersion(meta.get('schemaVersion')),
    minWriterVersion: readVersion(meta.get('minWriterVersion')),
  };
}

/** Whether a client that understands `clientVersion` of this kind may write the doc. */
export function canWrite(meta: DocMeta, clientVersion: number): boolean {
  return clientVersion >= meta.minWriterVersion;
}
