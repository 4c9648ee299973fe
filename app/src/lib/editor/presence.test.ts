import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, presenceColor } from './presence-color.ts';
import { presentPeople } from './presence.ts';

describe('presenceColor', () => {
  it('gives a user the same palette colour every time', () => {
    expect(presenceColor('u-zhang')).toBe(presenceColor('u-zhang'));
    expect(PRESENCE_COLORS).toContain(presenceColor('u-zhang'));
  });

  it('spreads users over the palette, also ids that differ only a little', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => presenceColor(`user${i}`)));
    expect(colours.size).toBeGreaterThan(4);
    // Ids as the admin CLI makes them: a shared prefix and a few random characters.
    const similar = [
      'umhwq8k2x1f3',
      'umhwq8k2y7a0',
      'umhwq8k30pqz',
      'umhwq8k31c9e',
      'umhwq8k33k5w',
    ];
    expect(new Set(similar.map(presenceColor)).size).toBeGreaterThan(2);
  });
});

describe('presentPeople', () => {
  it('lists each person once, me first, skipping states without a user', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'u2', name: '李红', color: '#2b6e35' } }],
      [2, { user: { id: 'u1', name: '张明', color: '#1d5fa8' } }],
      [3, { user: { id: 'u2', name: '李红', color: '#2b6e35' } }],
      [4, {}],
      [5, { cursor: null }],
    ]);
    expect(presentPeople(states, 'u1')).toEqual([
      { id: 'u1', name: '张明', color: '#1d5fa8', isMe: true },
      { id: 'u2', name: '李红', color: '#2b6e35', isMe: false },
    ]);
  });
});
