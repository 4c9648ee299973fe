import { describe, expect, it } from 'vitest';
import { safeFileName } from './sheets.ts';

describe('safeFileName', () => {
  it('drops characters Windows refuses', () => {
    expect(safeFileName('2026/学时:表?')).toBe('2026-学时-表-');
  });
});
