import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readStudyCountingRule, setStudyTarget, studyCountingRule } from '@branchbook/model';
import type { Translate } from '$lib/i18n/translate.ts';
import { en } from '$lib/i18n/en.ts';
import { zhCN } from '$lib/i18n/zh-CN.ts';
import { countingRuleSentence } from './counting-rule.ts';

/** svelte-i18n's `$_` over the app messages: path lookup and `{name}` values. */
function translate(messages: unknown): Translate {
  return (key, options) => {
    let node: unknown = messages;
    for (const part of key.split('.')) {
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
    if (typeof node !== 'string') throw new Error(`no message ${key}`);
    return node.replace(/\{(\w+)\}/g, (_, name: string) => String(options?.values?.[name] ?? ''));
  };
}

describe('countingRuleSentence', () => {
  it('names every form where the branch rule puts it, 线上学习 among the uncounted', () => {
    const rule = readStudyCountingRule(new Y.Doc());
    expect(rule.notCounted).toEqual(['self', 'online']);
    expect(countingRuleSentence(rule, translate(zhCN), 'zh-CN')).toBe(
      '计入年度要求：集中学习、专题研讨、参观见学、党课和观看教育片；默认不计入：个人自学和线上学习。每条记录可以单独调整。',
    );
    expect(countingRuleSentence(rule, translate(en), 'en')).toBe(
      'Counted toward the requirement: Group study, Seminar, Site visit, Party lecture, and Educational film. Not counted by default: Self-study and Online study. Each record can be changed.',
    );
  });

  it('reads the rule with the branch targets from the settings', () => {
    const doc = new Y.Doc();
    setStudyTarget(doc, 'memberTarget', 40);
    expect(readStudyCountingRule(doc).targets).toEqual({ memberTarget: 40, committeeTarget: 56 });
  });

  it('follows the rule it is given, not a fixed text', () => {
    const t = translate(zhCN);
    const base = studyCountingRule({ memberTarget: 32, committeeTarget: 56 });
    expect(countingRuleSentence({ counted: ['group'], notCounted: ['self'] }, t, 'zh-CN')).toBe(
      '计入年度要求：集中学习；默认不计入：个人自学。每条记录可以单独调整。',
    );
    expect(
      countingRuleSentence(
        { counted: [...base.counted, ...base.notCounted], notCounted: [] },
        t,
        'zh-CN',
      ),
    ).toBe('各种形式的学习都计入年度要求；每条记录可以单独调整。');
    expect(countingRuleSentence({ counted: [], notCounted: base.notCounted }, t, 'zh-CN')).toBe(
      '默认没有计入年度要求的学习形式；每条记录可以单独调整。',
    );
  });
});
