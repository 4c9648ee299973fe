import type * as Y from 'yjs';

/**
 * Reading scalar fields with defaults, and the text formats the plan and lesson documents share.
 * Defaults live here, on read, and are never written (DESIGN.md, "Rules for the model").
 */

/** A calendar date, `YYYY-MM-DD`. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A calendar month, `YYYY-MM`. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A clock time, 24-hour `HH:MM`. */
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A non-negative integer, else 0: counts and amounts a hostile or buggy peer could garble. */
export function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export function readTimestamp(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function readOneOf<T extends string>(options: readonly T[], value: unknown, fallback: T): T {
  return (options as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

export function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return (options as readonly unknown[]).includes(value);
}

/** Runs `fn` in one transaction when the type is attached to a doc, so observers see one change. */
export function transact(type: { readonly doc: Y.Doc | null }, fn: () => void): void {
  if (type.doc) type.doc.transact(fn);
  else fn();
}

/** Writes only values that differ (a same-value write still costs an update and wins LWW races). */
export function writeFields(map: Y.Map<unknown>, patch: object): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) map.delete(key);
    else if (map.get(key) !== value) map.set(key, value);
  }
}
