import { describe, expect, it } from 'vitest';
import { formatDay, formatFullDate, formatMonth, localDate, parseLocalDate } from './dates.ts';

describe('dates', () => {
  it('formats today in local time', () => {
    expect(localDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });

  it('parses only calendar dates', () => {
    expect(parseLocalDate('2025-11-21')?.getDate()).toBe(21);
    expect(parseLocalDate('2025-11')?.getMonth()).toBe(10);
    expect(parseLocalDate('yesterday')).toBeNull();
  });

  it('names months and days in Chinese and English', () => {
    expect(formatMonth('2025-11', 'zh-CN')).toBe('2025年11月');
    expect(formatMonth('2025-11', 'en')).toBe('November 2025');
    expect(formatDay('2025-11-21', 'zh-CN')).toBe('11月21日');
    expect(formatDay('bad', 'zh-CN')).toBe('bad');
    expect(formatFullDate('2026-11-22', 'zh-CN')).toBe('2026年11月22日');
    expect(formatFullDate('2026-11-22', 'en')).toBe('November 22, 2026');
  });
});
