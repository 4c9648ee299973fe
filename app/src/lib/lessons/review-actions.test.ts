import { describe, expect, it } from 'vitest';
import { validateReviewTransition } from '@branchbook/model';
import { REVIEW_ACTION_TARGET, reviewActions } from './review-actions.ts';

const writer = { maySubmit: true, mayReview: false };
const committeeWriter = { maySubmit: true, mayReview: true };
const committee = { maySubmit: false, mayReview: true };
const reader = { maySubmit: false, mayReview: false };

describe('reviewActions', () => {
  it('lets writers submit a draft and reopen an approved one', () => {
    expect(reviewActions({ status: 'draft', ...writer })).toEqual(['submit']);
    expect(reviewActions({ status: 'approved', ...writer })).toEqual(['reopen']);
    expect(reviewActions({ status: 'submitted', ...writer })).toEqual([]);
  });

  it('leaves approving and returning to the committee, co-author or not', () => {
    expect(reviewActions({ status: 'submitted', ...committeeWriter })).toEqual([
      'approve',
      'return',
    ]);
    expect(reviewActions({ status: 'submitted', ...committee })).toEqual(['approve', 'return']);
    // The committee reviews; it does not submit or reopen someone else's text.
    expect(reviewActions({ status: 'draft', ...committee })).toEqual([]);
    expect(reviewActions({ status: 'approved', ...committee })).toEqual([]);
  });

  it('offers nothing to a reader', () => {
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      expect(reviewActions({ status, ...reader })).toEqual([]);
    }
  });

  it('only offers transitions the model allows', () => {
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      for (const action of reviewActions({ status, ...committeeWriter })) {
        expect(validateReviewTransition(status, REVIEW_ACTION_TARGET[action])).toBeUndefined();
      }
    }
  });
});
