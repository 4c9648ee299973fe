import { binderZhCN } from '$lib/i18n/binder.zh-CN.ts';
import { ledgerZhCN } from '$lib/i18n/ledger.zh-CN.ts';
import { meetingsZhCN } from '$lib/i18n/meetings.zh-CN.ts';
import { reportZhCN } from '$lib/i18n/report.zh-CN.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { zhCN } from '$lib/i18n/zh-CN.ts';

/**
 * For tests: svelte-i18n's `$_` over the Chinese messages the meeting screens read (the app's,
 * `meeting`, `ledger`, `monthlyReport`, `binder`): path lookup and `{name}` values.
 */
export const testTranslate: Translate = (key, options) => {
  let node: unknown = {
    ...zhCN,
    meeting: meetingsZhCN,
    ledger: ledgerZhCN,
    monthlyReport: reportZhCN,
    binder: binderZhCN,
  };
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no message ${key}`);
  const values = options?.values ?? {};
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
};

/** Words of a leaderboard or a score of persons, which no export may carry (DOMAIN.md). */
export const RANKING_WORDS = /排名|名次|得分|积分|分数|排行/;
