import { describe, expect, it } from 'vitest';
import { colorForUser, peopleHere } from './presence.ts';

describe('colorForUser', () => {
  it('is stable for a user and a colour from the palette', () => {
    expect(colorForUser('u-42')).toBe(colorForUser('u-42'));
    expect(colorForUser('u-42')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('spreads users over several colours', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => colorForUser(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(5);
  });
});

describe('peopleHere', () => {
  it('lists each person once, me first, and ignores malformed states', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u1', name: '张明' } }],
      [2, { user: { id: 'u2', name: '王芳' } }],
      [3, { user: { id: 'u2', name: '王芳' } }],
      [4, { cursor: null }],
      [5, { user: { id: '', name: 'x' } }],
      [6, null],
    ]);
    const people = peopleHere(states, 2);
    expect(people.map((p) => [p.name, p.me])).toEqual([
      ['王芳', true],
      ['张明', false],
    ]);
    expect(people[0]?.color).toBe(colorForUser('u2'));
  });
});
