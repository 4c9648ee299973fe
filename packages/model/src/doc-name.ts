/**
 * Document names: one `Y.Doc` per unit of sharing, because a CRDT update cannot be partially
 * rejected — the server authorises a whole document or nothing (DESIGN.md, "Documents").
 *
 * @example parseDocName('study:u-42') // { ok: true, value: { kind: 'study', id: 'u-42' } }
 */
export const DOC_KINDS = ['branch', 'study', 'plan', 'lesson', 'meeting', 'yearplan'] as const;
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

/**
 * A branch's year plan is named by the branch and the year, `yearplan:<branchId>-<year>` (e.g.
 * `yearplan:kgs-2026`), not `yearplan:<branchId>:<year>`: a second colon would make the id
 * something no other id is, and every place that names, logs or stores a document by its id
 * (the server's rooms, IndexedDB, URLs) would have to learn it. A branch id may hold "-" itself
 * (`kgs-1`), but a year never does, so the name splits unambiguously at its last "-":
 * `yearplan:kgs-1-2026` is branch `kgs-1`, year 2026. The id is thus the one id longer than 64
 * characters (a 64-character branch id and "-YYYY"), still inside `MAX_DOC_NAME_LENGTH`.
 */
const YEAR_PLAN_ID = /^(.+)-([1-9]\d{3})$/;

/** The id of `branchId`'s plan for `year`: `<branchId>-<year>`. Throws on an id or year that is not one. */
export function yearPlanId(branchId: string, year: number): string {
  if (!isValidId(branchId)) throw new Error(`invalid branch id: ${JSON.stringify(branchId)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new Error(`invalid year: ${year}`);
  return `${branchId}-${year}`;
}

/**
 * The branch and year a year plan's id names, or null when it names none.
 *
 * @example parseYearPlanId('kgs-1-2026') // { branchId: 'kgs-1', year: 2026 }
 */
export function parseYearPlanId(id: string): { branchId: string; year: number } | null {
  const match = YEAR_PLAN_ID.exec(id);
  if (!match) return null;
  const branchId = match[1] as string;
  return isValidId(branchId) ? { branchId, year: Number(match[2]) } : null;
}

/** Whether `id` names a document of `kind`: an id, or for a year plan a branch and a year. */
export function isValidDocId(kind: DocKind, id: string): boolean {
  return kind === 'yearplan' ? parseYearPlanId(id) !== null : isValidId(id);
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
  if (!isValidDocId(kind, id)) return { ok: false, error: { code: 'bad-id', id } };
  return { ok: true, value: { kind, id } };
}

export function formatDocName(name: DocName): string {
  if (!isValidDocId(name.kind, name.id))
    throw new Error(`invalid document id: ${JSON.stringify(name.id)}`);
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
      return 'document id must be 1-64 letters, digits, "-" or "_" (a year plan\'s: <branchId>-<year>)';
  }
}
