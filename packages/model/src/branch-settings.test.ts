import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { runConvergence } from './testing/index.ts';
import {
  DEFAULT_STUDY_TARGETS,
  branchSettings,
  isBranchRole,
  readStudyTargets,
  setStudyTarget,
  studyTargetForRole,
} from './branch-settings.ts';

describe('branch settings', () => {
  it('reads the default targets without writing them', () => {
    const doc = new Y.Doc();
    expect(readStudyTargets(doc)).toEqual({ memberTarget: 32, committeeTarget: 56 });
    expect(branchSettings(doc).size).toBe(0);
  });

  it('keeps a set target and clears it back to the default', () => {
    const doc = new Y.Doc();
    setStudyTarget(doc, 'memberTarget', 40);
    expect(readStudyTargets(doc)).toEqual({ memberTarget: 40, committeeTarget: 56 });
    setStudyTarget(doc, 'memberTarget', null);
    expect(readStudyTargets(doc)).toEqual(DEFAULT_STUDY_TARGETS);
  });

  it('refuses targets out of range and ignores bad stored values', () => {
    const doc = new Y.Doc();
    expect(() => setStudyTarget(doc, 'committeeTarget', -1)).toThrow(RangeError);
    expect(() => setStudyTarget(doc, 'committeeTarget', Number.NaN)).toThrow(RangeError);
    branchSettings(doc).set('committeeTarget', 'many');
    expect(readStudyTargets(doc).committeeTarget).toBe(56);
  });

  it('gives the committee target to the secretary and committee, the member target to members', () => {
    const targets = { memberTarget: 30, committeeTarget: 50 };
    expect(studyTargetForRole(targets, 'secretary')).toBe(50);
    expect(studyTargetForRole(targets, 'committee')).toBe(50);
    expect(studyTargetForRole(targets, 'member')).toBe(30);
    expect(isBranchRole('committee')).toBe(true);
    expect(isBranchRole('admin')).toBe(false);
  });

  it('converges when two committee members set targets offline', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { view } = runConvergence({
        seed,
        peers: 3,
        rounds: 10,
        ops: [
          (doc, rng) =>
            setStudyTarget(
              doc,
              prng.bool(rng) ? 'memberTarget' : 'committeeTarget',
              prng.uint32(rng, 0, 100),
            ),
          (doc, rng) =>
            setStudyTarget(doc, prng.bool(rng) ? 'memberTarget' : 'committeeTarget', null),
        ],
        view: readStudyTargets,
      });
      expect(Number.isFinite(view.memberTarget)).toBe(true);
    }
  });
});
