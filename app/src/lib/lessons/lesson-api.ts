import { apiRequest } from '$lib/auth/api.ts';
import { parseServerLessons, type ServerLesson } from './lesson-index.ts';

/**
 * The server's lesson registry (sync-server/src/api/lesson-routes.ts). The server refuses the
 * document `lesson:<id>` until its author has registered it for a branch; co-authors must be
 * members of that branch.
 */

/** `GET /api/lessons`: drafts this account wrote or co-writes. */
export async function fetchLessons(serverUrl: string, token: string): Promise<ServerLesson[]> {
  return parseServerLessons(await apiRequest(serverUrl, '/api/lessons', { token }));
}

/** `POST /api/lessons`: registers a draft created on this device; repeating it is harmless. */
export async function registerLesson(
  serverUrl: string,
  token: string,
  lesson: { id: string; branch: string; coAuthors: readonly string[] },
): Promise<void> {
  await apiRequest(serverUrl, '/api/lessons', {
    token,
    method: 'POST',
    body: { id: lesson.id, branch: lesson.branch, coAuthors: lesson.coAuthors },
  });
}

/** `PATCH /api/lessons/:id`: the author sets who may co-write. */
export async function setLessonCoAuthors(
  serverUrl: string,
  token: string,
  id: string,
  coAuthors: readonly string[],
): Promise<void> {
  await apiRequest(serverUrl, `/api/lessons/${encodeURIComponent(id)}`, {
    token,
    method: 'PATCH',
    body: { coAuthors },
  });
}
