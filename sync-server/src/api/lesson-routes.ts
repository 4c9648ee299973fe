import { isValidId } from '@branchbook/model';
import { HttpError, isRecord, readJson, sendJson } from './http-json.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The lesson registry: the author registers `lesson:<id>` for one of their branches; co-authors
 * must be members of that branch. Reading follows DESIGN.md (author, co-authors, the committee).
 */
export async function lessonRoutes(ctx: RouteContext): Promise<boolean> {
  const { auth } = ctx.deps;
  const path = ctx.url.pathname;

  const coAuthorsOf = async (value: unknown, branchId: string): Promise<string[]> => {
    if (value === undefined) return [];
    if (
      !Array.isArray(value) ||
      value.length > 20 ||
      !value.every((v) => typeof v === 'string' && isValidId(v))
    ) {
      throw new HttpError(400, '"coAuthors" must be a list of at most 20 user ids');
    }
    const members = new Set((await auth.membersOfBranch(branchId)).map((m) => m.userId));
    const outsiders = (value as string[]).filter((u) => !members.has(u));
    if (outsiders.length > 0)
      throw new HttpError(400, `not members of ${branchId}: ${outsiders.join(', ')}`);
    return [...new Set(value as string[])];
  };

  if (path === '/api/lessons' && ctx.method === 'GET') {
    sendJson(ctx.res, 200, { lessons: await auth.lessonsOfUser(await ctx.user()) });
    return true;
  }

  if (path === '/api/lessons' && ctx.method === 'POST') {
    const userId = await ctx.user();
    const body = await readJson(ctx.req);
    if (!isRecord(body) || typeof body.id !== 'string' || !isValidId(body.id)) {
      throw new HttpError(
        400,
        'body must be { "id", "branch", "coAuthors"?: [...] } with valid ids',
      );
    }
    if (
      typeof body.branch !== 'string' ||
      !(await ctx.memberships()).some((m) => m.branchId === body.branch)
    ) {
      throw new HttpError(403, '"branch" must be a branch you belong to');
    }
    const coAuthors = await coAuthorsOf(body.coAuthors, body.branch);
    const existing = await auth.getLesson(body.id);
    if (existing) {
      if (existing.authorId !== userId)
        throw new HttpError(409, `lesson ${body.id} is already registered`);
      sendJson(ctx.res, 200, existing);
      return true;
    }
    await auth.addLesson({
      id: body.id,
      authorId: userId,
      branchId: body.branch,
      coAuthorIds: coAuthors,
    });
    sendJson(ctx.res, 201, await auth.getLesson(body.id));
    return true;
  }

  const one = /^\/api\/lessons\/([^/]+)$/.exec(path);
  if (one && ctx.method === 'PATCH') {
    const id = decodeURIComponent(one[1] ?? '');
    const lesson = isValidId(id) ? await auth.getLesson(id) : null;
    if (!lesson) throw new HttpError(404, 'no such lesson');
    if (lesson.authorId !== (await ctx.user()))
      throw new HttpError(403, 'only the author changes co-authors');
    const body = await readJson(ctx.req);
    if (!isRecord(body)) throw new HttpError(400, 'body must be { "coAuthors": [...] }');
    await auth.setLessonCoAuthors(id, await coAuthorsOf(body.coAuthors, lesson.branchId));
    sendJson(ctx.res, 200, await auth.getLesson(id));
    return true;
  }

  return false;
}
