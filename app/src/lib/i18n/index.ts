import { addMessages, init, locale, register } from 'svelte-i18n';
import { zhCN } from './zh-CN.ts';
import { devicesZhCN } from './devices.zh-CN.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'branchbook.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * The locale a member chose on this device, else Chinese — deliberately not the browser's
 * language: the app is Chinese first, and English is an opt-in.
 */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined): AppLocale {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isAppLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    // Storage can throw (disabled cookies, some private modes); Chinese is always safe.
    return DEFAULT_LOCALE;
  }
}

let initialised = false;

/**
 * Registers the messages and picks the initial locale; safe to call more than once. Chinese is
 * bundled; English, an opt-in, is fetched when chosen (svelte-i18n's `locale.set` and the root
 * layout's `waitLocale` wait for it; the service worker precaches it, so offline too) — it was a
 * quarter of every first load for the few who read it.
 */
export function setupI18n(): void {
  if (initialised) return;
  initialised = true;
  addMessages('zh-CN', zhCN);
  addMessages('zh-CN', { devices: devicesZhCN });
  register('en', () => import('./en.ts').then((m) => m.en));
  register('en', () => import('./devices.en.ts').then((m) => ({ devices: m.devicesEn })));
  const initial = storedLocale(globalThis.localStorage);
  void init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: initial });
  syncDocumentLang(initial);
}

/** Switches the interface language and remembers the choice on this device. */
export function setAppLocale(next: AppLocale): void {
  void locale.set(next);
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // Not remembered across reloads; the switch still applies now.
  }
  syncDocumentLang(next);
}

function syncDocumentLang(value: AppLocale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}
