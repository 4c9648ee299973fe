import type { Translate } from '$lib/i18n/translate.ts';

/**
 * What this device calls itself in the account's device list, from its browser's user agent:
 * e.g. "Android 手机 · Chrome", "iPad · Safari", "Windows 电脑 · Edge". The member can rename it.
 */
export function deviceNameOf(userAgent: string, t: Translate): string {
  const kind = deviceKind(userAgent);
  const key = browserOf(userAgent);
  const browser = key ? t(`devices.browsers.${key}`) : '';
  const device = t(`devices.kinds.${kind}`);
  return browser ? `${device} · ${browser}` : device;
}

export type DeviceKind =
  'androidPhone' | 'androidTablet' | 'iphone' | 'ipad' | 'windows' | 'mac' | 'linux' | 'other';

export function deviceKind(ua: string): DeviceKind {
  if (/iPad/.test(ua)) return 'ipad';
  if (/iPhone|iPod/.test(ua)) return 'iphone';
  if (/Android/.test(ua)) return /Mobile/.test(ua) ? 'androidPhone' : 'androidTablet';
  if (/Windows/.test(ua)) return 'windows';
  if (/Macintosh|Mac OS X/.test(ua)) return 'mac';
  if (/Linux|X11|CrOS/.test(ua)) return 'linux';
  return 'other';
}

export type BrowserKey =
  'wechat' | 'huawei' | 'xiaomi' | 'uc' | 'qq' | 'edge' | 'firefox' | 'chrome' | 'safari';

/** The browser (its message key); '' when unknown. Order matters: many claim to be Safari or Chrome. */
export function browserOf(ua: string): BrowserKey | '' {
  const known: [RegExp, BrowserKey][] = [
    [/MicroMessenger/, 'wechat'],
    [/HuaweiBrowser/, 'huawei'],
    [/MiuiBrowser|XiaoMi/, 'xiaomi'],
    [/UCBrowser/, 'uc'],
    [/QQBrowser/, 'qq'],
    [/Edg(e|A|iOS)?\//, 'edge'],
    [/Firefox|FxiOS/, 'firefox'],
    [/Chrome|Chromium|CriOS/, 'chrome'],
    [/Safari/, 'safari'],
  ];
  return known.find(([pattern]) => pattern.test(ua))?.[1] ?? '';
}
