import * as v from 'valibot';

/**
 * Every refusal of the HTTP API is `{"error": {"code", "message"}}` with its HTTP status: `code`
 * is stable snake_case to branch on, `message` is for people and may change.
 */
export const API_ERRORS = {
  /** 400: the body is not JSON. */
  invalid_json: 400,
  /** 400: the body is JSON but not what the endpoint takes (the message says where). */
  invalid_body: 400,
  /** 400: a query parameter is malformed (e.g. `?month=2026-5`). */
  invalid_query: 400,
  /** 400: a path segment is malformed: bad percent-encoding, or not an id / month. */
  bad_path: 400,
  /** 400: co-authors who are not members of the lesson's branch. */
  not_branch_members: 400,
  /** 400: the lead branch of a plan cannot leave it. */
  lead_branch_required: 400,
  /** 400: a month's lead must be one of the pairing's branches. */
  not_in_pairing: 400,
  /** 400: a review step that does not exist (e.g. approving a draft nobody submitted). */
  review_not_allowed: 400,
  /** 400: the registry refused the values (e.g. a new member redeeming an invite without a name). */
  invalid_request: 400,
  /** 401: no token, or an unknown or revoked one. */
  sign_in_required: 401,
  /** 403: only members of the branch may do this. */
  not_a_member: 403,
  /** 403: only the branch's committee (secretary, committee members) may do this. */
  not_committee: 403,
  /** 403: only a secretary of one of the branches may do this. */
  not_secretary: 403,
  /** 403: only the institution's organiser (机关党委) may do this (the directory, new branches). */
  not_organiser: 403,
  /** 403: only the branch's secretary or 组织委员 (or, for a secretary, the organiser) invites. */
  not_inviter: 403,
  /** 403: only the lesson's author may do this. */
  not_author: 403,
  /** 403: only who may write a meeting record registers it (the committee; a group's leader; a talk's people and the secretary). */
  not_recorder: 403,
  /** 403: only the lesson's author and co-authors may do this (submit, reopen). */
  not_writer: 403,
  /** 403: only the committee of the lesson's branch reviews it (approve, return). */
  not_reviewer: 403,
  /** 403: branches that are not paired with the plan's lead branch. */
  not_paired: 403,
  /** 403: a branch that is not one of the institution's (e.g. an unknown id in a pairing). */
  unknown_branch: 403,
  /** 404: no such API path, plan, lesson, pairing or invite. */
  not_found: 404,
  /** 405: the path exists, the method does not (the `Allow` header lists those that do). */
  method_not_allowed: 405,
  /** 409: already registered differently. */
  conflict: 409,
  /** 409: the review changed since the caller looked (another reviewer, another device). */
  review_changed: 409,
  /** 409: the branch's last secretary cannot be removed or given another role. */
  last_secretary: 409,
  /** 413: the body is larger than `MAX_API_BODY_BYTES`. */
  body_too_large: 413,
  /** 415: a body that is not `Content-Type: application/json`. */
  unsupported_media_type: 415,
  /** 429: too many attempts (invite redemptions); wait a minute. */
  rate_limited: 429,
  /** 500: the server failed; nothing was decided. */
  internal_error: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** A refusal as sent; the code is any string, so an older app still reads a newer server's. */
export const ApiErrorBody = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBody>;

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code);
}
