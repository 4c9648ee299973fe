import type { ReviewStatus } from '@branchbook/model';
import { API } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import type { ServerLesson } from './lesson-index.ts';

/**
 * The server's lesson registry (sync-server/src/api/lesson-routes.ts). The server refuses the
 * document `lesson:<id>` until its author has registered it for a branch; co-authors must be
 * members of that branch.
 */

/** `GET /api/lessons`: drafts this account wrote or co-writes. */
export async function fetchLessons(serverUrl: string, token: string): Promise<ServerLesson[]> {
  return (await callApi(serverUrl, API.lessons, { token })).lessons;
}

/** `POST /api/lessons`: registers a draft created on this device; repeating it is harmless. */
export async function registerLesson(
  serverUrl: string,
  token: string,
  lesson: { id: string; branch: string; coAuthors: readonly string[] },
): Promise<void> {
  await callApi(serverUrl, API.registerLesson, {
    token,
    body: { id: lesson.id, branch: lesson.branch, coAuthors: [...lesson.coAuthors] },
  });
}

/** `PATCH /api/lessons/:id`: the author sets who may co-write. */
export async function setLessonCoAuthors(
  serverUrl: string,
  token: string,
  id: string,
  coAuthors: readonly string[],
): Promise<void> {
  await callApi(serverUrl, API.changeLesson, {
    token,
    params: { id },
    body: { coAuthors: [...coAuthors] },
  });
}

/**
 * `POST /api/lessons/:id/review`: one review step (submit, approve, return, reopen) from the
 * status the viewer saw; the registry's answer is the lesson with its review.
 */
export async function reviewLesson(
  serverUrl: string,
  token: string,
  id: string,
  step: { from: ReviewStatus; status: ReviewStatus; note: string },
): Promise<ServerLesson> {
  return callApi(serverUrl, API.reviewLesson, { token, params: { id }, body: step });
}
