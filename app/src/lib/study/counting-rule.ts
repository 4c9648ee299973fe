import type { StudyCountingRule } from '@branchbook/model';
import type { Translate } from '$lib/i18n/translate.ts';

/**
 * The branch's counting rule as one sentence, e.g. "计入年度要求：集中学习、专题研讨、参观见学、
 * 党课和观看教育片；默认不计入：个人自学和线上学习。每条记录可以单独调整。" — built from the rule
 * (`readStudyCountingRule`), so every form is named where it belongs, whatever the rule says.
 */
export function countingRuleSentence(
  rule: Pick<StudyCountingRule, 'counted' | 'notCounted'>,
  t: Translate,
  locale: string,
): string {
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const names = (forms: readonly string[]) => list.format(forms.map((f) => t(`study.forms.${f}`)));
  if (rule.notCounted.length === 0) return t('year.countingAll');
  if (rule.counted.length === 0) return t('year.countingNone');
  return t('year.countingRule', {
    values: { counted: names(rule.counted), notCounted: names(rule.notCounted) },
  });
}
