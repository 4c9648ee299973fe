import { describe, expect, it } from 'vitest';
import { validateReviewTransition } from '@branchbook/model';
import { REVIEW_ACTION_TARGET, reviewActions } from './review-actions.ts';

describe('reviewActions', () => {
  it('lets writers submit a draft and reopen an approved one', () => {
    expect(reviewActions({ status: 'draft', canEdit: true, isCommittee: false })).toEqual([
      'submit',
    ]);
    expect(reviewActions({ status: 'approved', canEdit: true, isCommittee: false })).toEqual([
      'reopen',
    ]);
  });

  it('leaves approving and returning to the committee', () => {
    expect(reviewActions({ status: 'submitted', canEdit: true, isCommittee: false })).toEqual([]);
    expect(reviewActions({ status: 'submitted', canEdit: true, isCommittee: true })).toEqual([
      'approve',
      'return',
    ]);
  });

  it('offers nothing to a reader', () => {
    expect(reviewActions({ status: 'submitted', canEdit: false, isCommittee: true })).toEqual([]);
  });

  it('only offers transitions the model allows', () => {
    for (const status of ['draft', 'submitted', 'approved'] as const) {
      for (const action of reviewActions({ status, canEdit: true, isCommittee: true })) {
        expect(validateReviewTransition(status, REVIEW_ACTION_TARGET[action])).toBeUndefined();
      }
    }
  });
});
