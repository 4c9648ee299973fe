import { describe, expect, it } from 'vitest';
import { devicesZhCN } from '$lib/i18n/devices.zh-CN.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { deviceNameOf } from './device-name.ts';
import { countdown, lastSeenWords } from './last-seen.ts';
import { signInLink } from './devices-api.ts';

/** The Chinese messages of `devices.*`, formatted the way svelte-i18n does for `{name}`. */
const t: Translate = (key, options) => {
  const path = key.split('.');
  if (path[0] !== 'devices') throw new Error(key);
  let value: unknown = devicesZhCN;
  for (const part of path.slice(1)) value = (value as Record<string, unknown>)[part];
  if (typeof value !== 'string') throw new Error(`no message ${key}`);
  return value.replace(/\{(\w+)\}/g, (_, name: string) => String(options?.values?.[name] ?? ''));
};

const UA = {
  androidChrome:
    'Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  androidWechat:
    'Mozilla/5.0 (Linux; Android 12; HarmonyOS; ALN-AL00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.44',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
  linuxChromium:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
};

describe('deviceNameOf', () => {
  it('names the device from its browser, in plain words', () => {
    expect(deviceNameOf(UA.androidChrome, t)).toBe('Android 手机 · Chrome');
    expect(deviceNameOf(UA.androidWechat, t)).toBe('Android 手机 · 微信');
    expect(deviceNameOf(UA.iphone, t)).toBe('iPhone · Safari');
    expect(deviceNameOf(UA.ipad, t)).toBe('iPad · Safari');
    expect(deviceNameOf(UA.windowsEdge, t)).toBe('Windows 电脑 · Edge');
    expect(deviceNameOf(UA.linuxChromium, t)).toBe('Linux 电脑 · Chrome');
    expect(deviceNameOf('', t)).toBe('设备');
  });
});

describe('lastSeenWords', () => {
  const now = new Date(2026, 4, 20, 15, 30);
  const at = (y: number, m: number, d: number, h: number, min: number) =>
    new Date(y, m, d, h, min).toISOString();

  it('says just now, today or yesterday with the time, days ago, then the date', () => {
    expect(lastSeenWords(at(2026, 4, 20, 15, 29), now, t, 'zh-CN')).toBe('刚刚');
    expect(lastSeenWords(at(2026, 4, 20, 10, 20), now, t, 'zh-CN')).toBe('今天 10:20');
    expect(lastSeenWords(at(2026, 4, 19, 23, 5), now, t, 'zh-CN')).toBe('昨天 23:05');
    expect(lastSeenWords(at(2026, 4, 17, 9, 0), now, t, 'zh-CN')).toBe('3天前');
    expect(lastSeenWords(at(2026, 0, 2, 9, 0), now, t, 'zh-CN')).toMatch(/2026/);
    expect(lastSeenWords(null, now, t, 'zh-CN')).toBe('登录后还没用过');
  });
});

describe('countdown', () => {
  it('counts down minutes and seconds, never below zero', () => {
    expect(countdown(10 * 60_000)).toBe('10:00');
    expect(countdown(61_500)).toBe('1:02');
    expect(countdown(-5)).toBe('0:00');
  });
});

describe('signInLink', () => {
  it('carries the code in the # part, which never reaches a server', () => {
    expect(signInLink('https://dj.example.org', '7KQ4-M2XD')).toBe(
      'https://dj.example.org/signin#7KQ4-M2XD',
    );
  });
});
