import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import {
  compareOrder,
  placeEntry,
  placement,
  sortedEntries,
  type OrderedEntries,
  type Positioned,
} from './ordered-list.ts';

function apply(sorted: Positioned[], id: string, index: number): Positioned[] {
  const { key, rekeyed } = placement(sorted, index);
  const changed = new Map(rekeyed.map((entry) => [entry.id, entry.order]));
  return [
    ...sorted.map((entry) => ({ id: entry.id, order: changed.get(entry.id) ?? entry.order })),
    { id, order: key },
  ].sort(compareOrder);
}

function list(doc: Y.Doc): OrderedEntries {
  return doc.getMap('items');
}

function add(doc: Y.Doc, id: string, index = Number.MAX_SAFE_INTEGER): void {
  doc.transact(() => {
    list(doc).set(id, new Y.Map());
    placeEntry(list(doc), id, index);
  });
}

const ids = (doc: Y.Doc) => sortedEntries(list(doc)).map((entry) => entry.id);

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('placement (pure)', () => {
  it('places at the start, the end and between, without touching neighbours', () => {
    let sorted: Positioned[] = [];
    sorted = apply(sorted, 'b', 0);
    sorted = apply(sorted, 'd', 1);
    sorted = apply(sorted, 'a', 0);
    sorted = apply(sorted, 'c', 2);
    expect(sorted.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(placement(sorted, 2).rekeyed).toEqual([]);
  });

  it('clamps the index', () => {
    const sorted = apply(apply([], 'a', 0), 'b', 99);
    expect(apply(sorted, 'c', -5)[0]?.id).toBe('c');
    expect(apply(sorted, 'd', 1e9).at(-1)?.id).toBe('d');
  });

  it('makes room between equal keys by re-keying the tie, keeping its order', () => {
    // Two peers inserted at the same place: same key, ordered by id.
    const tied: Positioned[] = [
      { id: 'x', order: 'a0' },
      { id: 'p', order: 'a1' },
      { id: 'q', order: 'a1' },
      { id: 'z', order: 'a2' },
    ];
    const { rekeyed } = placement(tied, 2);
    expect(rekeyed.map((e) => e.id)).toEqual(expect.arrayContaining(['p', 'q']));
    expect(apply(tied, 'n', 2).map((e) => e.id)).toEqual(['x', 'p', 'n', 'q', 'z']);
  });

  it('copes with keys it cannot read (a buggy or future peer)', () => {
    const odd: Positioned[] = [
      { id: 'a', order: '' },
      { id: 'b', order: '' },
      { id: 'c', order: '!!' },
    ];
    expect(apply(odd, 'n', 1).map((e) => e.id)).toEqual(['a', 'n', 'b', 'c']);
  });

  it('always yields the intended order (seeded)', () => {
    const rng = prng.create(42);
    let expected: string[] = [];
    let sorted: Positioned[] = [];
    for (let i = 0; i < 300; i++) {
      const index = prng.uint32(rng, 0, expected.length);
      const id = `e${i}`;
      expected.splice(index, 0, id);
      sorted = apply(sorted, id, index);
      if (prng.bool(rng) && expected.length > 1) {
        const moved = prng.oneOf(rng, expected);
        expected = expected.filter((e) => e !== moved);
        const to = prng.uint32(rng, 0, expected.length);
        expected.splice(to, 0, moved);
        sorted = apply(
          sorted.filter((e) => e.id !== moved),
          moved,
          to,
        );
      }
      expect(sorted.map((e) => e.id)).toEqual(expected);
    }
  });
});

describe('ordered entries over Yjs', () => {
  it('moves by rewriting one order key', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b', 'c', 'd']) add(doc, id);
    placeEntry(list(doc), 'd', 0);
    expect(ids(doc)).toEqual(['d', 'a', 'b', 'c']);
    placeEntry(list(doc), 'd', 3);
    expect(ids(doc)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps one copy when two peers move the same entry concurrently', () => {
    const a = new Y.Doc();
    for (const id of ['1', '2', '3', '4']) add(a, id);
    const b = new Y.Doc();
    sync(a, b);
    placeEntry(list(a), '4', 0);
    placeEntry(list(b), '4', 2);
    sync(a, b);
    expect(ids(a)).toEqual(ids(b));
    expect([...ids(a)].sort()).toEqual(['1', '2', '3', '4']);
  });

  it('keeps both moves when two peers move different entries', () => {
    const a = new Y.Doc();
    for (const id of ['1', '2', '3', '4']) add(a, id);
    const b = new Y.Doc();
    sync(a, b);
    placeEntry(list(a), '4', 0); // 4 1 2 3
    placeEntry(list(b), '1', 3); // 2 3 4 1
    sync(a, b);
    expect(ids(a)).toEqual(['4', '2', '3', '1']);
    expect(ids(b)).toEqual(ids(a));
  });

  it('orders same-place inserts from two peers by id, and can insert between them later', () => {
    const a = new Y.Doc();
    add(a, 'first');
    const b = new Y.Doc();
    sync(a, b);
    add(a, 'from-a');
    add(b, 'from-b');
    sync(a, b);
    expect(ids(a)).toEqual(['first', 'from-a', 'from-b']);
    add(a, 'middle', 2);
    sync(a, b);
    expect(ids(b)).toEqual(['first', 'from-a', 'middle', 'from-b']);
  });

  it('why not a Y.Array: a move as delete + insert duplicates under concurrency', () => {
    const a = new Y.Doc();
    a.getArray<string>('xs').push(['1', '2', '3']);
    const b = new Y.Doc();
    sync(a, b);
    for (const [doc, to] of [
      [a, 0],
      [b, 1],
    ] as const) {
      const xs = doc.getArray<string>('xs');
      doc.transact(() => {
        xs.delete(2, 1);
        xs.insert(to, ['3']);
      });
    }
    sync(a, b);
    expect(
      a
        .getArray<string>('xs')
        .toArray()
        .filter((x) => x === '3'),
    ).toHaveLength(2);
  });
});
