import { describe, expect, it } from 'vitest';
import { chineseNumber } from './chinese-number.ts';

describe('chineseNumber', () => {
  it('writes the numbers of official headings', () => {
    expect([1, 9, 10, 12, 20, 21].map(chineseNumber)).toEqual([
      '一',
      '九',
      '十',
      '十二',
      '二十',
      '二十一',
    ]);
  });
});
