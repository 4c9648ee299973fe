import { plansEn } from '$lib/i18n/plans.en.ts';
import { plansZhCN } from '$lib/i18n/plans.zh-CN.ts';
import type { Translate } from './plan-document.ts';

/** A stand-in for svelte-i18n's `$_` over the plan messages: path lookup and `{name}` values. */
export function testTranslate(locale: 'zh-CN' | 'en' = 'zh-CN'): Translate {
  const messages: unknown = locale === 'zh-CN' ? plansZhCN : plansEn;
  return (key, values = {}) => {
    let node: unknown = messages;
    for (const part of key.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
    if (typeof node !== 'string') throw new Error(`no message ${key}`);
    return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  };
}
