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
 * The review buttons a viewer gets. Writers (author, co-authors: `canEdit`) submit a draft and
 * reopen an approved one; approving or returning a submitted draft is the committee's, whether
 * or not it co-writes the draft (`canReview` — false as well when the draft may not be written
 * at all, e.g. it comes from a newer app version).
 */
export function reviewActions(input: {
  status: ReviewStatus;
  canEdit: boolean;
  canReview: boolean;
  isCommittee: boolean;
}): ReviewAction[] {
  switch (input.status) {
    case 'draft':
      return input.canEdit ? ['submit'] : [];
    case 'submitted':
      return input.canReview && input.isCommittee ? ['approve', 'return'] : [];
    case 'approved':
      return input.canEdit ? ['reopen'] : [];
  }
}
