import type { Translate } from './translate.ts';

/**
 * A stand-in for svelte-i18n's `$_` in unit tests: looks `key` up in `messages` (a tree of the
 * message files, e.g. `{ yearPlan: yearPlanZhCN }`) and fills in `{name}` values.
 */
export function translateOver(messages: object): Translate {
  return (key, options) => {
    let node: unknown = messages;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`no message ${key}`);
    const values = options?.values ?? {};
    return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  };
}
