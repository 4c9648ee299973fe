import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { isDeepStrictEqual } from 'node:util';

/**
 * A seeded convergence harness in the manner of yjs' own `tests/testHelper.js`: N docs make random
 * concurrent edits; updates travel through per-peer inboxes and are delivered late, partially and
 * out of order; at the end every inbox is flushed and every doc must hold the same state and a
 * valid typed view. Same seed, same run — a failure prints the seed to replay it.
 */
export type Op = (doc: Y.Doc, rng: prng.PRNG, peer: number) => void;

export interface ConvergenceOptions<V> {
  seed: number;
  peers: number;
  rounds: number;
  /** Sets up each fresh doc the same way a real client would (e.g. stamping meta). */
  init?: (doc: Y.Doc, peer: number) => void;
  /** Weighted or not, one is picked at random per step. */
  ops: readonly Op[];
  /** The typed view the app reads; compared across peers. */
  view: (doc: Y.Doc) => V;
  /** Throws if a view breaks an invariant of the model. */
  validate?: (view: V) => void;
  /** Edits per round per peer, at most. */
  editsPerRound?: number;
}

export interface ConvergenceResult<V> {
  docs: Y.Doc[];
  view: V;
  updatesDelivered: number;
}

function shuffle<T>(rng: prng.PRNG, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.uint32(rng, 0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

export function runConvergence<V>(options: ConvergenceOptions<V>): ConvergenceResult<V> {
  const rng = prng.create(options.seed);
  const docs: Y.Doc[] = [];
  const inboxes: Uint8Array[][] = [];
  let updatesDelivered = 0;
  for (let i = 0; i < options.peers; i++) {
    const doc = new Y.Doc();
    // Client ids from the seed so a replay is byte-for-byte the same run.
    doc.clientID = i + 1 + options.seed * 100;
    docs.push(doc);
    inboxes.push([]);
  }
  docs.forEach((doc, i) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      inboxes.forEach((inbox, j) => {
        if (j !== i) inbox.push(update);
      });
    });
    options.init?.(doc, i);
  });

  const deliver = (peer: number, all: boolean) => {
    const inbox = inboxes[peer] ?? [];
    shuffle(rng, inbox);
    const count = all ? inbox.length : prng.uint32(rng, 0, inbox.length);
    for (const update of inbox.splice(0, count)) {
      Y.applyUpdate(docs[peer] as Y.Doc, update, 'remote');
      updatesDelivered++;
    }
  };

  const editsPerRound = options.editsPerRound ?? 3;
  for (let round = 0; round < options.rounds; round++) {
    for (let peer = 0; peer < options.peers; peer++) {
      const edits = prng.uint32(rng, 0, editsPerRound);
      for (let e = 0; e < edits; e++) {
        const op = prng.oneOf(rng, options.ops as Op[]);
        op(docs[peer] as Y.Doc, rng, peer);
      }
      if (prng.bool(rng)) deliver(peer, false);
    }
  }
  // Flush until quiet: delivering can make nobody new updates, but keep it honest.
  while (inboxes.some((inbox) => inbox.length > 0)) {
    for (let peer = 0; peer < options.peers; peer++) deliver(peer, true);
  }

  const first = docs[0] as Y.Doc;
  // The view first: reading may define root types (a field's `Y.Text`), which `toJSON` then lists.
  const expectedView = options.view(first);
  const expectedState = Y.encodeStateVector(first);
  const expectedJson = first.toJSON();
  options.validate?.(expectedView);
  docs.forEach((doc, i) => {
    const fail = (what: string) => {
      throw new Error(`seed ${options.seed}: peer ${i} diverged from peer 0 in ${what}`);
    };
    const view = options.view(doc);
    if (!isDeepStrictEqual(Y.encodeStateVector(doc), expectedState)) fail('state vector');
    if (!isDeepStrictEqual(doc.toJSON(), expectedJson)) fail('document content');
    if (!isDeepStrictEqual(view, expectedView)) fail('typed view');
    options.validate?.(view);
  });
  return { docs, view: expectedView, updatesDelivered };
}
