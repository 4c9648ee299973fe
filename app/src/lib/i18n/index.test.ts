import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { LOCALE_STORAGE_KEY, storedLocale } from './index.ts';
import { zhCN } from './zh-CN.ts';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]: [string, unknown]) =>
    typeof child === 'object' && child !== null
      ? keys(child, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('messages', () => {
  it('has the same keys in English as in Chinese, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const messages of [zhCN, en]) {
      const flat = JSON.stringify(messages);
      expect(flat).not.toContain('""');
    }
  });
});

describe('storedLocale', () => {
  const storage = (value: string | null) => ({ getItem: () => value });

  it('starts in Chinese whatever the browser language', () => {
    expect(storedLocale(storage(null))).toBe('zh-CN');
    expect(storedLocale(undefined)).toBe('zh-CN');
  });

  it('keeps a choice made on this device', () => {
    expect(storedLocale(storage('en'))).toBe('en');
    expect(storedLocale({ getItem: (k) => (k === LOCALE_STORAGE_KEY ? 'en' : null) })).toBe('en');
  });

  it('ignores unknown or unreadable values', () => {
    expect(storedLocale(storage('fr'))).toBe('zh-CN');
    expect(
      storedLocale({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('zh-CN');
  });
});
