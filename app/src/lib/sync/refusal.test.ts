import { describe, expect, it } from 'vitest';
import { CLOSE } from '@branchbook/protocol';
import { reconnectsAfter, refusalKey } from './refusal.ts';
import { zhCN } from '$lib/i18n/zh-CN.ts';

describe('refusalKey', () => {
  it('names each refusal, and says nothing for none or for a sign-out', () => {
    expect(refusalKey(null)).toBeNull();
    expect(refusalKey(CLOSE.unauthorized)).toBeNull();
    expect(refusalKey(CLOSE.forbidden)).toBe('forbidden');
    expect(refusalKey(CLOSE.clientTooOld)).toBe('tooOld');
    expect(refusalKey(CLOSE.docTooLarge)).toBe('tooLarge');
    expect(refusalKey(CLOSE.badRequest)).toBe('badRequest');
    expect(refusalKey(4499)).toBe('other');
  });

  it('has a Chinese sentence without a code number for every key', () => {
    for (const code of [
      CLOSE.forbidden,
      CLOSE.clientTooOld,
      CLOSE.docTooLarge,
      CLOSE.badRequest,
      4499,
    ]) {
      const key = refusalKey(code);
      expect(key).not.toBeNull();
      const sentence = zhCN.refusal[key!];
      expect(sentence).toMatch(/。$/);
      expect(sentence).not.toMatch(/\d{4}/);
    }
    expect(zhCN.refusal.tooOld).toContain('请更新应用');
  });
});

describe('reconnectsAfter', () => {
  it('tries again after "too fast" and after network or server trouble, never after a refusal', () => {
    expect(reconnectsAfter(CLOSE.rateLimited)).toBe(true);
    expect(reconnectsAfter(CLOSE.slowReader)).toBe(true);
    expect(reconnectsAfter(CLOSE.storageUnavailable)).toBe(true);
    expect(reconnectsAfter(1006)).toBe(true);
    expect(reconnectsAfter(1012)).toBe(true);
    for (const code of [CLOSE.unauthorized, CLOSE.forbidden, CLOSE.clientTooOld, CLOSE.badRequest])
      expect(reconnectsAfter(code)).toBe(false);
  });
});
