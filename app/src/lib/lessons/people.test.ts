import { describe, expect, it } from 'vitest';
import { personName } from './people.ts';

describe('personName', () => {
  const sources = {
    me: { id: 'u1', name: '张明' },
    roster: [{ userId: 'u2', name: '李红' }],
    present: [{ id: 'u3', name: '王芳' }],
  };
  it('names me, then from the roster, then from presence, else a word — never the id', () => {
    expect(personName('u1', sources)).toBe('张明');
    expect(personName('u2', sources)).toBe('李红');
    expect(personName('u3', sources)).toBe('王芳');
    expect(personName('u4', { ...sources, roster: null })).toBe('');
    expect(personName('u4', { ...sources, roster: null }, '一位同志')).toBe('一位同志');
    expect(personName('', sources)).toBe('');
  });
});
