import { describe, expect, it } from 'vitest';
import { validateReviewTransition } from '@branchbook/model';
import { REVIEW_ACTION_TARGET, reviewActions } from './review-actions.ts';

const writer = { canEdit: true, canReview: true, isCommittee: false };
const committeeWriter = { canEdit: true, canReview: true, isCommittee: true };
const committeeReviewer = { canEdit: false, canReview: true, isCommittee: true };
const reader = { canEdit: false, canReview: false, isCommittee: false };

describe('reviewActions', () => {
  it('lets writers submit a draft and reopen an approved one', () => {
    expect(reviewActions({ status: 'draft', ...writer })).toEqual(['submit']);
    expect(reviewActions({ status: 'approved', ...writer })).toEqual(['reopen']);
  });

  it('leaves approving and returning to the committee, co-author or not', () => {
    expect(reviewActions({ status: 'submitted', ...writer })).toEqual([]);
    expect(reviewActions({ status: 'submitted', ...committeeWriter })).toEqual([
      'approve',
      'return',
    ]);
    expect(reviewActions({ status: 'submitted', ...committeeReviewer })).toEqual([
      'approve',
      'return',
    ]);
    // The committee reviews; it does not submit or reopen someone else's text.
    expect(reviewActions({ status: 'draft', ...committeeReviewer })).toEqual([]);
    expect(reviewActions({ status: 'approved', ...committeeReviewer })).toEqual([]);
  });

  it('offers nothing to a reader, nor to a committee that may not write the draft', () => {
    expect(reviewActions({ status: 'submitted', ...reader })).toEqual([]);
    expect(reviewActions({ status: 'submitted', ...committeeReviewer, canReview: false })).toEqual(
      [],
    );
  });

  it('only offers transitions the model allows', () => {
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      for (const action of reviewActions({ status, ...committeeWriter })) {
        expect(validateReviewTransition(status, REVIEW_ACTION_TARGET[action])).toBeUndefined();
      }
    }
  });
});
