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
 * The review buttons a viewer gets. Writers (author, co-authors) submit a draft and reopen an
 * approved one; approving or returning a submitted draft is the committee's — and only a
 * committee member who can write the doc can record it (the server drops other writes).
 */
export function reviewActions(input: {
  status: ReviewStatus;
  canEdit: boolean;
  isCommittee: boolean;
}): ReviewAction[] {
  if (!input.canEdit) return [];
  switch (input.status) {
    case 'draft':
      return ['submit'];
    case 'submitted':
      return input.isCommittee ? ['approve', 'return'] : [];
    case 'approved':
      return ['reopen'];
  }
}
