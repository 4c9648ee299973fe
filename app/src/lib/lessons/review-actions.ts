import type { ReviewStatus } from '@branchbook/model';

export type ReviewAction = 'submit' | 'approve' | 'return' | 'reopen';

/** The status each action moves the draft to (see `validateReviewTransition` in the model). */
export const REVIEW_ACTION_TARGET: Readonly<Record<ReviewAction, ReviewStatus>> = {
  submit: 'submitted',
  approve: 'approved',
  return: 'draft',
  reopen: 'draft',
};

/**
 * The review buttons a viewer gets, from the access rule's answers: `maySubmit` is
 * `lesson.submit` (author and co-authors submit a draft and reopen an approved one), `mayReview`
 * is `lesson.review` (the committee of the draft's branch approves or returns it, whether or not
 * it co-writes the draft). The registry records each step; the draft itself is not written.
 */
export function reviewActions(input: {
  status: ReviewStatus;
  maySubmit: boolean;
  mayReview: boolean;
}): ReviewAction[] {
  switch (input.status) {
    case 'draft':
      return input.maySubmit ? ['submit'] : [];
    case 'submitted':
      return input.mayReview ? ['approve', 'return'] : [];
    case 'approved':
      return input.maySubmit ? ['reopen'] : [];
  }
}
