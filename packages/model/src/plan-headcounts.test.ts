import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { HeadcountRejected, readHeadcounts, writeHeadcount } from './plan-headcounts.ts';
import { runConvergence, type Op } from './testing/index.ts';

describe('each branch’s headcount on a joint plan', () => {
  it('keeps one count per branch, read back in branch order', () => {
    const doc = new Y.Doc();
    writeHeadcount(doc, { branchId: 'kgs', meetingId: 'm-kgs', expected: 15, present: 12 });
    writeHeadcount(doc, { branchId: 'bwg', meetingId: 'm-bwg', expected: 10, present: 9 });
    writeHeadcount(doc, { branchId: 'kgs', meetingId: 'm-kgs', expected: 15, present: 13 });
    expect(readHeadcounts(doc)).toEqual([
      { branchId: 'bwg', meetingId: 'm-bwg', expected: 10, present: 9 },
      { branchId: 'kgs', meetingId: 'm-kgs', expected: 15, present: 13 },
    ]);
  });

  it('writes nothing when the count is unchanged', () => {
    const doc = new Y.Doc();
    const count = { branchId: 'kgs', meetingId: 'm1', expected: 5, present: 4 };
    writeHeadcount(doc, count);
    let updates = 0;
    doc.on('update', () => updates++);
    writeHeadcount(doc, count);
    expect(updates).toBe(0);
  });

  it('refuses an id or count it could not show, and writes nothing', () => {
    const doc = new Y.Doc();
    expect(() =>
      writeHeadcount(doc, { branchId: 'a b', meetingId: 'm1', expected: -1, present: 1.5 }),
    ).toThrow(HeadcountRejected);
    expect(readHeadcounts(doc)).toEqual([]);
  });

  it('holds counts only: no names of people', () => {
    const doc = new Y.Doc();
    writeHeadcount(doc, { branchId: 'kgs', meetingId: 'm1', expected: 5, present: 4 });
    expect(Object.keys(readHeadcounts(doc)[0] ?? {}).sort()).toEqual(
      ['branchId', 'expected', 'meetingId', 'present'].sort(),
    );
  });
});

describe('convergence of headcounts: branches and devices writing at once', () => {
  const branches = ['kgs', 'bwg', 'wwj'];
  const ops: Op[] = [
    (doc, rng) => {
      const branchId = prng.oneOf(rng, branches);
      writeHeadcount(doc, {
        branchId,
        meetingId: `m-${branchId}`,
        expected: prng.uint32(rng, 0, 30),
        present: prng.uint32(rng, 0, 30),
      });
    },
  ];
  it.each(Array.from({ length: 8 }, (_, i) => i + 1))('seed %i', (seed) => {
    const { view } = runConvergence({
      seed,
      peers: 2 + (seed % 3),
      rounds: 20,
      init: () => {},
      ops,
      view: readHeadcounts,
      validate: (counts) => {
        const ids = counts.map((c) => c.branchId);
        expect(new Set(ids).size, 'each branch once').toBe(ids.length);
        for (const c of counts) expect(c.meetingId).toBe(`m-${c.branchId}`);
      },
    });
    expect(view.length).toBeGreaterThan(0);
  });
});
