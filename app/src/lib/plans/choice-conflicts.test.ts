import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  concurrentReplacements,
  watchChoiceConflicts,
  type ChoiceConflict,
} from './choice-conflicts.ts';

function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  a.getMap('plan').set('date', '2026-05-19');
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'remote');
  return [a, b];
}

function deliver(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

function watch(doc: Y.Doc): ChoiceConflict[] {
  const seen: ChoiceConflict[] = [];
  watchChoiceConflicts(doc.getMap('plan'), ['date', 'startTime'], (c) => seen.push(c));
  return seen;
}

describe('choice conflicts', () => {
  it('tells the device whose date was replaced by a concurrent one, and only that device', () => {
    const [a, b] = pair();
    const seenA = watch(a);
    const seenB = watch(b);
    a.getMap('plan').set('date', '2026-05-20');
    b.getMap('plan').set('date', '2026-05-21');
    deliver(a, b);
    deliver(b, a);
    const winner = a.getMap('plan').get('date');
    expect(b.getMap('plan').get('date')).toBe(winner);
    const notes = [...seenA, ...seenB];
    expect(notes).toHaveLength(1);
    const loserMine = winner === '2026-05-20' ? '2026-05-21' : '2026-05-20';
    expect(notes[0]).toEqual({ key: 'date', mine: loserMine, theirs: winner });
  });

  it('says nothing when the other device changed the date after seeing ours', () => {
    const [a, b] = pair();
    const seenA = watch(a);
    a.getMap('plan').set('date', '2026-05-20');
    deliver(a, b);
    b.getMap('plan').set('date', '2026-05-22');
    deliver(b, a);
    expect(a.getMap('plan').get('date')).toBe('2026-05-22');
    expect(seenA).toEqual([]);
  });

  it('says nothing for remote changes of keys this device never set, or keys not watched', () => {
    const [a, b] = pair();
    const seenA = watch(a);
    b.getMap('plan').set('date', '2026-06-01');
    a.getMap('plan').set('place', 'x');
    b.getMap('plan').set('place', 'y');
    deliver(b, a);
    expect(seenA).toEqual([]);
  });

  it('ignores local transactions', () => {
    const doc = new Y.Doc();
    const events: number[] = [];
    doc.getMap('plan').observe((event) => events.push(concurrentReplacements(event).length));
    doc.getMap('plan').set('date', '2026-05-20');
    doc.getMap('plan').set('date', '2026-05-21');
    expect(events).toEqual([0, 0]);
  });

  it('stops watching', () => {
    const [a, b] = pair();
    const seen: ChoiceConflict[] = [];
    const stop = watchChoiceConflicts(a.getMap('plan'), ['date'], (c) => seen.push(c));
    stop();
    a.getMap('plan').set('date', '2026-05-20');
    b.getMap('plan').set('date', '2026-05-21');
    deliver(b, a);
    deliver(a, b);
    expect(seen).toEqual([]);
  });
});
