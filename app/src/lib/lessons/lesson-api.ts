import { ApiError, failureOfStatus } from '$lib/auth/api.ts';
import { parseServerLessons, type ServerLesson } from './lesson-index.ts';

/**
 * The server's lesson registry (sync-server/src/api/lesson-routes.ts). The server refuses the
 * document `lesson:<id>` until its author has registered it for a branch; co-authors must be
 * members of that branch.
 */

async function send(
  serverUrl: string,
  token: string,
  path: string,
  init: { method: string; body?: unknown } = { method: 'GET' },
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      method: init.method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
        ? body.error
        : response.statusText;
    throw new ApiError(failureOfStatus(response.status), response.status, message);
  }
  return body;
}

/** `GET /api/lessons`: drafts this account wrote or co-writes. */
export async function fetchLessons(serverUrl: string, token: string): Promise<ServerLesson[]> {
  return parseServerLessons(await send(serverUrl, token, '/api/lessons'));
}

/** `POST /api/lessons`: registers a draft created on this device; repeating it is harmless. */
export async function registerLesson(
  serverUrl: string,
  token: string,
  lesson: { id: string; branch: string; coAuthors: readonly string[] },
): Promise<void> {
  await send(serverUrl, token, '/api/lessons', {
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
  await send(serverUrl, token, `/api/lessons/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { coAuthors },
  });
}
