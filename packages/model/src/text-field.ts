import * as Y from 'yjs';

/**
 * One-line text that people type (a plan's theme, a role's name, a lesson's title …), merged
 * character by character: each field is a root-level `Y.Text`, so two devices typing into the same
 * field offline both keep what they typed, interleaved, instead of one device's string replacing
 * the other's (last writer wins, as a plain string in a `Y.Map` would).
 *
 * Why root-level types under their own names (`text:theme`, `text:agenda:<id>:title` …) and not a
 * `Y.Text` nested in the entry's map: a nested type is created lazily by whoever writes first, and
 * two devices creating it concurrently under the same key keep only one of the two — with all the
 * text typed into the other. A root type is the same type on every device, whoever names it first.
 *
 * Compatibility with documents written before (schema 1, where these fields are strings in maps):
 * the string stays where it was, under its old key, and is never written again; the `Y.Text` has
 * its own name, so old and new values never share a key with different types. Reading prefers the
 * `Y.Text` once it was ever written (even if emptied since), else the legacy string. The first
 * edit converts: it seeds the `Y.Text` with the legacy value (see `seedText`). An older app would
 * go on writing the string that newer readers ignore, so the app raises the document's
 * `minWriterVersion` to 2 when it writes these fields, and older apps open it read-only.
 */

/** One contiguous change: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The smallest single change turning `before` into `after` (common prefix and suffix kept), or
 * `null` when they are equal. `caret`, where the caret is in `after` right after typing, decides
 * ambiguous cases: typing "a" at the start of "aa" is an insert at 0, not at 2. Never splits a
 * surrogate pair (an emoji or a rare 汉字 outside the BMP).
 *
 * @example textDiff('主题', '联学：主题') // { index: 0, remove: 0, insert: '联学：' }
 */
export function textDiff(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shortest = Math.min(before.length, after.length);
  // The text after the caret was not typed, so at most that much is a common suffix.
  const suffixLimit =
    caret === undefined ? shortest : Math.max(0, Math.min(shortest, after.length - caret));
  let prefix = 0;
  let suffix = 0;
  const limitPrefix = (limit: number) => {
    while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  };
  const limitSuffix = (limit: number) => {
    while (
      suffix < limit &&
      before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
    ) {
      suffix++;
    }
  };
  if (caret === undefined) {
    limitPrefix(shortest);
    limitSuffix(shortest - prefix);
  } else {
    limitSuffix(suffixLimit);
    limitPrefix(shortest - suffix);
  }
  // Keep surrogate pairs whole: a cut between the halves of one character moves out of it.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** `value` with `change` applied (pure; what `applyTextChange` does to a `Y.Text`). */
export function applyChangeToString(value: string, change: TextChange): string {
  return value.slice(0, change.index) + change.insert + value.slice(change.index + change.remove);
}

/** A `Y.Text` event's delta, or a change expressed as one. */
export type TextDelta = readonly { retain?: number; insert?: unknown; delete?: number }[];

export function changeToDelta(change: TextChange): TextDelta {
  const delta: { retain?: number; insert?: string; delete?: number }[] = [];
  if (change.index > 0) delta.push({ retain: change.index });
  if (change.remove > 0) delta.push({ delete: change.remove });
  if (change.insert !== '') delta.push({ insert: change.insert });
  return delta;
}

/**
 * Where position `index` of the text before `delta` ends up after it. Text inserted exactly at
 * `index` goes after it, unless `stickRight` (then the position moves past the insert); deleted
 * text around it collapses onto the deletion point. For carets and for rebasing a local change.
 */
export function mapIndexThroughDelta(index: number, delta: TextDelta, stickRight = false): number {
  let old = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      old += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (old < index || (stickRight && old === index)) result += length;
    } else if (op.delete !== undefined) {
      if (old < index) result -= Math.min(op.delete, index - old);
      old += op.delete;
    }
    if (old > index) break;
  }
  return Math.max(0, result);
}

/** Rebases a change made against an older text onto the text after `delta` (typed meanwhile). */
export function rebaseChange(change: TextChange, delta: TextDelta): TextChange {
  const start = mapIndexThroughDelta(change.index, delta);
  const end = mapIndexThroughDelta(change.index + change.remove, delta);
  return { index: start, remove: Math.max(0, end - start), insert: change.insert };
}

// ---- fields in a document ----

/** A field's shared text, and the string schema 1 kept for it (read until the text is written). */
export interface TextField {
  readonly doc: Y.Doc;
  /** The root-level name of the field's `Y.Text`. */
  readonly name: string;
  /** The field's `Y.Text` (defining it on this doc: for editing and observing). */
  readonly text: Y.Text;
  /** The legacy value (a string under the field's old key), '' when none. */
  legacy(): string;
}

/**
 * The field's text if this doc has it, without defining it: a root type defined but never written
 * exists on one device only, and reading must not make devices' docs differ.
 */
export function existingText(field: TextField): Y.Text | undefined {
  return field.doc.share.has(field.name) ? field.doc.getText(field.name) : undefined;
}

export function textField(doc: Y.Doc, name: string, legacy: () => unknown): TextField {
  return {
    doc,
    name,
    get text() {
      return doc.getText(name);
    },
    legacy: () => {
      const value = legacy();
      return typeof value === 'string' ? value : '';
    },
  };
}

/**
 * Whether the field's text was ever written (even if everything was deleted since): deleted
 * characters stay in the type as tombstones, so an emptied field reads as '' and not as the
 * legacy string again.
 */
export function isTextWritten(text: Y.Text): boolean {
  return text._start !== null;
}

export function readTextField(field: TextField): string {
  const text = existingText(field);
  return text && isTextWritten(text) ? text.toString() : field.legacy();
}

/** The prefix of every field's root-level name. */
export const TEXT_FIELD_PREFIX = 'text:';

/**
 * Defines every field text this doc has received as a `Y.Text` (a root type arrives untyped until
 * someone names it), so `doc.toJSON()` and snapshots list them alike on every device — including
 * the texts of removed entries, which no view reads.
 */
export function defineTextFields(doc: Y.Doc): void {
  for (const [name, type] of doc.share) {
    if (name.startsWith(TEXT_FIELD_PREFIX) && !(type instanceof Y.Text)) doc.getText(name);
  }
}

/** FNV-1a, 32 bits. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The client id that seeds `value` into the text named `name`: derived from both, and above 2^32
 * where no real client is (Yjs draws client ids from 32 bits), so it never collides with one.
 */
export function seedClientId(name: string, value: string): number {
  const key = `${name}\u0000${value}`;
  return 2 ** 32 + fnv1a(key) * 2 ** 16 + (fnv1a(key, 0x9747b28c) & 0xffff);
}

/**
 * Converts a field on its first write: puts the legacy string into the `Y.Text`. Two devices
 * converting the same field offline must not both insert it (the merged text would hold it
 * twice), so the seed is written as the same change on every device — one insert by a client id
 * derived from the field and the value, at clock 0 — and Yjs merges the two as one. Devices that
 * saw different legacy values seed under different ids and both values are kept.
 */
export function seedText(field: TextField): void {
  const text = existingText(field);
  if (text && isTextWritten(text)) return;
  const value = field.legacy();
  if (value === '') return;
  const seed = new Y.Doc();
  seed.clientID = seedClientId(field.name, value);
  seed.getText(field.name).insert(0, value);
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  // Applying an update marks the running transaction as remote, and Yjs then gives this client a
  // new id as if someone else had used it; the seed is this device's own write, so keep it local.
  const running = field.doc._transaction;
  const wasLocal = running?.local;
  Y.applyUpdate(field.doc, update);
  if (running && wasLocal !== undefined) running.local = wasLocal;
}

/** Applies `change` to the field (converting it first), in one transaction with `origin`. */
export function editTextField(field: TextField, change: TextChange, origin?: unknown): void {
  const { doc, text } = field;
  doc.transact(() => {
    seedText(field);
    const length = text.length;
    const index = Math.max(0, Math.min(change.index, length));
    const remove = Math.max(0, Math.min(change.remove, length - index));
    if (remove > 0) text.delete(index, remove);
    if (change.insert !== '') text.insert(index, change.insert);
  }, origin);
}

/** Sets the field to `value` by its smallest change from the current value (nothing if equal). */
export function setTextField(field: TextField, value: string, origin?: unknown): void {
  const change = textDiff(readTextField(field), value);
  if (change) editTextField(field, change, origin);
}
