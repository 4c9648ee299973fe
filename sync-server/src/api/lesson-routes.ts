import { validateReviewTransition, type ReviewStatus } from '@branchbook/model';
import { API } from '@branchbook/protocol';
import type { AuthStore } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { toBranches, toUsers } from './inbox-events.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';

/** 400 `not_branch_members` unless every co-author is a member of `branchId`. */
async function requireMembers(auth: AuthStore, branchId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  const members = new Set((await auth.membersOfBranch(branchId)).map((m) => m.userId));
  const outsiders = userIds.filter((u) => !members.has(u));
  if (outsiders.length > 0) {
    throw new HttpError(
      400,
      'not_branch_members',
      `not members of ${branchId}: ${outsiders.join(', ')}`,
    );
  }
}

async function registered(auth: AuthStore, id: string) {
  const lesson = await auth.getLesson(id);
  if (!lesson) throw new Error(`lesson ${id} vanished right after it was written`);
  return lesson;
}

/**
 * The lesson registry: the author registers `lesson:<id>` for one of their branches; co-authors
 * must be members of that branch. Reading follows DESIGN.md (author, co-authors, the committee).
 * The review is the registry's too: writers submit and reopen, the committee approves and returns.
 */
export function lessonRoutes(app: ApiApp, { auth }: ApiDeps): void {
  route(app, API.lessons, async ({ subject }) => ({
    lessons: await auth.lessonsOfUser(subject.userId),
  }));

  route(app, API.registerLesson, async ({ body, subject }) => {
    requireMay(
      subject,
      'lesson.register',
      { branchId: body.branch },
      'not_a_member',
      '"branch" must be a branch you belong to',
    );
    await requireMembers(auth, body.branch, body.coAuthors);
    const existing = await auth.getLesson(body.id);
    if (existing) {
      if (existing.authorId !== subject.userId) {
        throw new HttpError(409, 'conflict', `lesson ${body.id} is already registered`);
      }
      return existing;
    }
    await auth.addLesson({
      id: body.id,
      authorId: subject.userId,
      branchId: body.branch,
      coAuthorIds: body.coAuthors,
    });
    await auth.recordEvents(
      toUsers(
        {
          kind: 'lesson.coAuthor',
          actorId: subject.userId,
          refId: body.id,
          aboutBranchId: body.branch,
        },
        body.coAuthors,
      ),
    );
    return new Created(await registered(auth, body.id));
  });

  route(app, API.changeLesson, async ({ params, body, subject }) => {
    const lesson = await auth.getLesson(params.id);
    if (!lesson) throw new HttpError(404, 'not_found', 'no such lesson');
    requireMay(
      subject,
      'lesson.changeCoAuthors',
      lesson,
      'not_author',
      'only the author changes co-authors',
    );
    await requireMembers(auth, lesson.branchId, body.coAuthors);
    await auth.setLessonCoAuthors(lesson.id, body.coAuthors);
    await auth.recordEvents(
      toUsers(
        {
          kind: 'lesson.coAuthor',
          actorId: subject.userId,
          refId: lesson.id,
          aboutBranchId: lesson.branchId,
        },
        body.coAuthors.filter((u) => !lesson.coAuthorIds.includes(u)),
      ),
    );
    return registered(auth, lesson.id);
  });

  route(app, API.reviewLesson, async ({ params, body, subject }) => {
    const lesson = await auth.getLesson(params.id);
    if (!lesson) throw new HttpError(404, 'not_found', 'no such lesson');
    const { from, status, note } = body;
    if (lesson.review.status !== from) {
      throw new HttpError(409, 'review_changed', `the draft is ${lesson.review.status} now`);
    }
    const refused = validateReviewTransition(from, status);
    if (refused) {
      throw new HttpError(400, 'review_not_allowed', `a ${from} draft cannot become ${status}`);
    }
    // Submitting and reopening are the writers'; approving and returning the committee's.
    if (from === 'submitted') {
      requireMay(
        subject,
        'lesson.review',
        lesson,
        'not_reviewer',
        "only the branch's committee reviews",
      );
    } else {
      requireMay(
        subject,
        'lesson.submit',
        lesson,
        'not_writer',
        'only the author and co-authors submit or reopen',
      );
    }
    const change = { status, by: subject.userId, note, at: Date.now() };
    if (!(await auth.setLessonReview(lesson.id, from, change))) {
      throw new HttpError(409, 'review_changed', 'someone changed the review at the same moment');
    }
    await auth.recordEvents(reviewEvents(lesson, from, status, subject.userId, note));
    return registered(auth, lesson.id);
  });
}

/**
 * Whom a review step concerns: a submitted draft its branch's committee; a returned or approved
 * one its writers (with the note). Reopening an approved draft tells nobody.
 */
function reviewEvents(
  lesson: { id: string; authorId: string; coAuthorIds: string[]; branchId: string },
  from: ReviewStatus,
  status: ReviewStatus,
  actorId: string,
  note: string,
) {
  const body = { actorId, refId: lesson.id, aboutBranchId: lesson.branchId };
  const writers = [lesson.authorId, ...lesson.coAuthorIds];
  if (status === 'submitted') {
    return toBranches({ ...body, kind: 'lesson.submitted' }, 'committee', [lesson.branchId]);
  }
  if (from !== 'submitted') return [];
  const kind = status === 'approved' ? 'lesson.approved' : 'lesson.returned';
  return toUsers({ ...body, kind, ...(note ? { detail: note } : {}) }, writers);
}
