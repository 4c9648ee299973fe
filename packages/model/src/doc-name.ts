/**
 * Document names: one `Y.Doc` per unit of sharing, because a CRDT update cannot be partially
 * rejected — the server authorises a whole document or nothing (DESIGN.md, "Documents").
 *
 * @example parseDocName('study:u-42') // { ok: true, value: { kind: 'study', id: 'u-42' } }
 */
export const DOC_KINDS = ['branch', 'study', 'plan', 'lesson', 'meeting'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
  readonly kind: DocKind;
  readonly id: string;
}

/** Why a name was refused; each code is a separate client bug worth telling apart in logs. */
export type DocNameError =
  | { code: 'empty' }
  | { code: 'too-long'; length: number }
  | { code: 'missing-separator' }
  | { code: 'unknown-kind'; kind: string }
  | { code: 'bad-id'; id: string };

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Ids are what ULIDs, UUIDs and admin-chosen slugs look like; nothing that needs escaping in a URL path, SQL LIKE or a log line. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Bounded so a hostile client cannot make the server hash or store megabyte keys. */
export const MAX_DOC_NAME_LENGTH = 80;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function isDocKind(kind: string): kind is DocKind {
  return (DOC_KINDS as readonly string[]).includes(kind);
}

export function parseDocName(name: string): Result<DocName, DocNameError> {
  if (name.length === 0) return { ok: false, error: { code: 'empty' } };
  if (name.length > MAX_DOC_NAME_LENGTH) {
    return { ok: false, error: { code: 'too-long', length: name.length } };
  }
  const colon = name.indexOf(':');
  if (colon < 0) return { ok: false, error: { code: 'missing-separator' } };
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (!isDocKind(kind)) return { ok: false, error: { code: 'unknown-kind', kind } };
  if (!isValidId(id)) return { ok: false, error: { code: 'bad-id', id } };
  return { ok: true, value: { kind, id } };
}

export function formatDocName(name: DocName): string {
  if (!isValidId(name.id)) throw new Error(`invalid document id: ${JSON.stringify(name.id)}`);
  return `${name.kind}:${name.id}`;
}

export function describeDocNameError(error: DocNameError): string {
  switch (error.code) {
    case 'empty':
      return 'document name is empty';
    case 'too-long':
      return `document name is ${error.length} characters; at most ${MAX_DOC_NAME_LENGTH}`;
    case 'missing-separator':
      return 'document name must look like <kind>:<id>';
    case 'unknown-kind':
      return `unknown document kind ${JSON.stringify(error.kind)}; one of ${DOC_KINDS.join(', ')}`;
    case 'bad-id':
      return 'document id must be 1-64 letters, digits, "-" or "_"';
  }
}
