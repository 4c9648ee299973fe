import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { runConvergence } from './convergence.ts';

describe('runConvergence', () => {
  it('passes when peers only edit through Yjs', () => {
    const result = runConvergence({
      seed: 7,
      peers: 3,
      rounds: 20,
      ops: [(doc, _rng, peer) => doc.getArray<number>('a').push([peer])],
      view: (doc) => doc.getArray<number>('a').length,
    });
    expect(result.updatesDelivered).toBeGreaterThan(0);
  });

  it('catches a model whose view depends on something outside the shared doc', () => {
    const local = new WeakMap<Y.Doc, number>();
    expect(() =>
      runConvergence({
        seed: 3,
        peers: 2,
        rounds: 10,
        ops: [(doc) => local.set(doc, (local.get(doc) ?? 0) + 1)],
        view: (doc) => local.get(doc) ?? 0,
      }),
    ).toThrow(/seed 3: peer 1 diverged/);
  });

  it('catches a typed view that breaks an invariant', () => {
    expect(() =>
      runConvergence({
        seed: 1,
        peers: 2,
        rounds: 5,
        editsPerRound: 5,
        ops: [(doc) => doc.getArray<number>('a').push([1])],
        view: (doc) => doc.getArray<number>('a').length,
        validate: (n) => {
          if (n > 3) throw new Error('too many');
        },
      }),
    ).toThrow('too many');
  });
});
