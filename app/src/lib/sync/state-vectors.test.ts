import { describe, expect, it } from 'vitest';
import { mergeVectors } from './state-vectors.ts';

describe('mergeVectors', () => {
  it('keeps the larger clock of each client', () => {
    expect(
      mergeVectors(
        new Map([
          [1, 5],
          [3, 1],
        ]),
        new Map([
          [1, 3],
          [2, 7],
        ]),
      ),
    ).toEqual(
      new Map([
        [1, 5],
        [3, 1],
        [2, 7],
      ]),
    );
  });

  it('starts from nothing', () => {
    expect(mergeVectors(null, new Map([[4, 2]]))).toEqual(new Map([[4, 2]]));
  });
});
