import { describe, expect, it } from 'vitest';
import { displaySubtitle } from './lesson-format.ts';

describe('lesson draft: subtitle display', () => {
  it('leads with exactly one 破折号 whatever dashes were typed', () => {
    const expected = '——在考古工地上的一堂微党课';
    for (const typed of [
      '在考古工地上的一堂微党课',
      '——在考古工地上的一堂微党课',
      '—在考古工地上的一堂微党课',
      '————在考古工地上的一堂微党课',
      '-在考古工地上的一堂微党课',
      '--在考古工地上的一堂微党课',
      '－－在考古工地上的一堂微党课',
      '  —— 在考古工地上的一堂微党课 ',
      '– - —在考古工地上的一堂微党课',
    ]) {
      expect(displaySubtitle(typed), typed).toBe(expected);
    }
  });

  it('keeps dashes inside the text and shows nothing for dashes alone', () => {
    expect(displaySubtitle('从二里头——到殷墟')).toBe('——从二里头——到殷墟');
    expect(displaySubtitle('')).toBe('');
    expect(displaySubtitle('  ')).toBe('');
    expect(displaySubtitle('——')).toBe('');
  });
});
