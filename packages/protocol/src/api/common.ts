import * as v from 'valibot';
import { BRANCH_ROLES, COMMITTEE_DUTIES, isValidId } from '@branchbook/model';

/** An id by the model's rule (`isValidId`): what ULIDs, UUIDs and admin-chosen slugs look like. */
export const Id = v.pipe(v.string(), v.check(isValidId, 'not a valid id'));

/** At most `max` ids; repeats are dropped (a list names each branch or person once). */
export function idList(max: number) {
  return v.pipe(
    v.array(Id),
    v.maxLength(max, `at most ${max} ids`),
    v.transform((ids) => [...new Set(ids)]),
  );
}

/** A calendar month, `YYYY-MM`. */
export const Month = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-05'));

export const Role = v.picklist(BRANCH_ROLES);
export const Duty = v.picklist(COMMITTEE_DUTIES);

/** A person's or branch's name as people typed it (the API takes nothing long). */
export const Name = v.pipe(v.string(), v.maxLength(64, 'at most 64 characters'));

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Reads untrusted JSON (a request, an answer, a device cache) with one of these schemas: the
 * value as the schema shapes it, or one line saying where it is wrong.
 *
 * @example parseWith(Month, '2026-5') // { ok: false, message: 'a month like 2026-05' }
 */
export function parseWith<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

/**
 * What a device calls itself (e.g. "Android 手机 · Chrome", derived by the app from its browser,
 * or typed by the member); an empty one is no name.
 */
export const DeviceName = v.pipe(v.string(), v.trim(), v.maxLength(64, 'at most 64 characters'));
