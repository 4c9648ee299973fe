import { parseDocName, type DocKind } from './doc-name.ts';
import { SCHEMA_VERSION } from './meta.ts';

/**
 * What differs between document kinds, in one table that the app and the server both read —
 * rather than chosen again at every place that opens a document.
 */
export interface DocKindSpec {
  /**
   * The server refuses the document until its registry has it (the creating device `POST`s it,
   * e.g. `/api/plans`): a device that creates one offline keeps it to itself until then.
   */
  readonly registered: boolean;
  /**
   * `new Y.Doc({ gc })`. False keeps deleted content, which Yjs snapshots need (a lesson's named
   * versions show what changed since); every holder of the document — each device and the
   * server's room — must agree, or the first one that collects garbage drops that history for
   * everyone who syncs from it afterwards.
   */
  readonly gc: boolean;
  /** The schema this build writes; the app declares it to the server (its writer gate). */
  readonly schemaVersion: number;
}

export const DOC_KIND_SPECS = {
  branch: { registered: false, gc: true, schemaVersion: SCHEMA_VERSION.branch },
  study: { registered: false, gc: true, schemaVersion: SCHEMA_VERSION.study },
  plan: { registered: true, gc: true, schemaVersion: SCHEMA_VERSION.plan },
  lesson: { registered: true, gc: false, schemaVersion: SCHEMA_VERSION.lesson },
  meeting: { registered: true, gc: true, schemaVersion: SCHEMA_VERSION.meeting },
  // Like `branch:`: its name says whose it is, so there is nothing to register.
  yearplan: { registered: false, gc: true, schemaVersion: SCHEMA_VERSION.yearplan },
} as const satisfies Record<DocKind, DocKindSpec>;

/** The kinds the server must have registered before it syncs them (see `DocKindSpec.registered`). */
export type RegisteredKind = {
  [K in DocKind]: (typeof DOC_KIND_SPECS)[K]['registered'] extends true ? K : never;
}[DocKind];

export const REGISTERED_KINDS = (Object.keys(DOC_KIND_SPECS) as DocKind[]).filter(
  (kind): kind is RegisteredKind => DOC_KIND_SPECS[kind].registered,
);

export function isRegisteredKind(kind: string): kind is RegisteredKind {
  return (REGISTERED_KINDS as readonly string[]).includes(kind);
}

/**
 * The `Y.Doc` options for a document by its name (`<kind>:<id>`); names of no known kind get the
 * Yjs defaults (such a name is refused before any doc is built).
 *
 * @example new Y.Doc(docOptionsFor('lesson:L1')) // { gc: false }
 */
export function docOptionsFor(name: string): { gc: boolean } {
  const parsed = parseDocName(name);
  return { gc: parsed.ok ? DOC_KIND_SPECS[parsed.value.kind].gc : true };
}
