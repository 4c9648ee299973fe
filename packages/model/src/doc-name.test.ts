import { describe, expect, it } from 'vitest';
import { describeDocNameError, formatDocName, parseDocName } from './doc-name.ts';

describe('parseDocName', () => {
  it.each([
    ['branch:b-1', 'branch', 'b-1'],
    ['study:01HZY3QK8Q2J0V7W6X5Y4Z3A2B', 'study', '01HZY3QK8Q2J0V7W6X5Y4Z3A2B'],
    ['plan:p_9', 'plan', 'p_9'],
    ['lesson:L1', 'lesson', 'L1'],
  ])('accepts %s', (name, kind, id) => {
    expect(parseDocName(name)).toEqual({ ok: true, value: { kind, id } });
  });

  it.each([
    ['', 'empty'],
    ['study', 'missing-separator'],
    ['notes:x', 'unknown-kind'],
    ['study:', 'bad-id'],
    ['study:../etc', 'bad-id'],
    ['study:a b', 'bad-id'],
    ['study:-leading', 'bad-id'],
    [`study:${'x'.repeat(100)}`, 'too-long'],
  ])('refuses %j with %s', (name, code) => {
    const result = parseDocName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(describeDocNameError(result.error)).toMatch(/\w/);
    }
  });

  it('round-trips through formatDocName', () => {
    expect(formatDocName({ kind: 'plan', id: 'abc' })).toBe('plan:abc');
    expect(() => formatDocName({ kind: 'plan', id: 'a:b' })).toThrow();
  });
});
