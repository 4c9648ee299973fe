import { describe, expect, it } from 'vitest';
import { rotaTurns } from '@branchbook/model';
import { translateOver } from '$lib/i18n/test-translate.ts';
import { yearPlanEn } from '$lib/i18n/yearplan.en.ts';
import { yearPlanZhCN } from '$lib/i18n/yearplan.zh-CN.ts';
import { describeRule, formatOccurrence, formatPlanDay, monthsOf } from './year-plan-labels.ts';

const zh = translateOver({ yearPlan: yearPlanZhCN });
const en = translateOver({ yearPlan: yearPlanEn });

describe('describeRule: a rule as the branch says it', () => {
  it('says the seeds’ rules in Chinese', () => {
    expect(describeRule({ type: 'nthWeekday', nth: 1, weekday: 2 }, zh)).toBe('每月第一个周二');
    expect(describeRule({ type: 'nthWeekday', nth: -1, weekday: 5 }, zh)).toBe('每月最后一个周五');
    expect(describeRule({ type: 'monthPart', part: 'late' }, zh)).toBe('每月下旬');
    expect(describeRule({ type: 'weekly', weekday: 5, daypart: 'afternoon' }, zh)).toBe(
      '每周五下午',
    );
  });

  it('and in English', () => {
    expect(describeRule({ type: 'nthWeekday', nth: 1, weekday: 2 }, en)).toBe(
      'First Tuesday of every month',
    );
    expect(describeRule({ type: 'weekly', weekday: 5, daypart: 'afternoon' }, en)).toBe(
      'Every Friday, afternoon',
    );
  });
});

describe('dates and months as shown', () => {
  it('gives a day with its weekday, and a part of the month as its window', () => {
    expect(formatPlanDay('2026-12-01', 'zh-CN', zh)).toBe('12月1日 周二');
    expect(
      formatOccurrence(
        { planned: '2026-12-21', date: '2026-12-21', until: '2026-12-31', moved: false },
        'zh-CN',
        zh,
      ),
    ).toBe('12月21日至12月31日');
  });

  it('lists the months a rota gives someone', () => {
    const turns = rotaTurns(
      { start: 1, order: ['g1', 'g2', 'g3'], absent: [], absentIn: {}, overrides: { 12: 'g2' } },
      null,
    );
    expect(monthsOf(turns, 'g2', zh, 'zh-CN')).toBe('2月、5月、8月、11月、12月');
    expect(monthsOf(turns, 'g2', en, 'en')).toBe('Month 2, Month 5, Month 8, Month 11, Month 12');
    expect(monthsOf(turns, 'nobody', zh, 'zh-CN')).toBe('');
  });
});
