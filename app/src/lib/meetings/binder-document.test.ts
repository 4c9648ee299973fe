import { describe, expect, it } from 'vitest';
import { binderZhCN } from '$lib/i18n/binder.zh-CN.ts';
import { binderDocument, binderMissing, binderPeriodLabel, inPeriod } from './binder-document.ts';
import { STUDY, binderFacts, meetingRecord, points } from './test-binder.ts';
import { RANKING_WORDS, testTranslate as t } from './test-messages.ts';

const texts = (doc: ReturnType<typeof binderDocument>) => JSON.stringify(doc);

describe('the binder', () => {
  it('puts the cover and contents first, then ledger, records, study, lessons and plans', () => {
    const doc = binderDocument(binderFacts(), t);
    expect(doc.title).toBe('2026年支部工作资料汇编');
    expect(doc.fileName).toBe('考古工地临时党支部2026年资料汇编');
    expect(doc.sections.map((s) => s.id)).toEqual([
      'cover',
      'ledger',
      'record-m0',
      'record-m1',
      'study',
      'lessons',
      'plan-p1',
    ]);
    expect(doc.sections.map((s) => s.landscape)).toEqual([
      false,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(doc.counts).toEqual({
      ledger: 2,
      records: 2,
      members: 2,
      lessons: 1,
      plans: 1,
      missing: 2,
    });
  });

  it('lists every section and each record and plan in the contents, leading to its heading', () => {
    const doc = binderDocument(binderFacts(), t);
    expect(doc.toc).toEqual([
      { id: 'ledger', level: 1, text: '一、活动台账' },
      { id: 'records', level: 1, text: '二、会议记录' },
      { id: 'record-m0', level: 2, text: '（一）2026年3月2日　支委会' },
      { id: 'record-m1', level: 2, text: '（二）2026年11月20日　支部党员大会：' + STUDY },
      { id: 'study', level: 1, text: '三、党员学时统计' },
      { id: 'lessons', level: 1, text: '四、党课讲稿' },
      { id: 'plans', level: 1, text: '五、联建活动方案' },
      { id: 'plan-p1', level: 2, text: '（一）2026年5月　走进考古工地' },
    ]);
    const cover = doc.sections[0]?.blocks ?? [];
    expect(cover.find((b) => b.kind === 'toc')).toEqual({
      kind: 'toc',
      title: '目录',
      entries: doc.toc,
    });
    const headings = doc.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'section');
    expect(headings.map((h) => h.id)).toEqual(doc.toc.map((e) => e.id));
  });

  it('writes a record as minutes: time, people, attendance with reasons, agenda, study, points, votes, items, signatures', () => {
    const doc = binderDocument(binderFacts(), t);
    const record = doc.sections.find((s) => s.id === 'record-m1')?.blocks ?? [];
    const lines = record.flatMap((b) =>
      b.kind === 'text' || b.kind === 'heading' ? [b.text] : [],
    );
    expect(lines).toEqual([
      '会议类型：支部党员大会',
      '时间：2026年11月20日 14:30—16:30',
      '地点：考古工地项目部',
      '主持人：周洁　记录人：李梅',
      '应到 4 人，出席 3 人，缺席 1 人，请假 0 人',
      '应到表决权党员 4 人，实到 3 人，超过半数',
      '出席人员：周洁、李梅、王建华',
      '缺席人员：孙丽（在工地值守）',
      '列席人员：王老师（首都博物馆第一党支部）',
      '议程',
      '1. 传达上级精神',
      '2. 讨论发掘进度',
      '学习内容',
      `题目：${STUDY}`,
      '出处：中共中央文件',
      '领学人：周洁',
      '学时：出席的同志各记 2 学时',
      '发言要点',
      '决议',
      '1. 通过年度学习计划（赞成 3 票，反对 0 票，弃权 0 票）',
      '议定事项',
      '经费：120.50 元',
    ]);
    expect(record).toContainEqual({
      kind: 'rich',
      blocks: points('周洁：要把支部建在考古工地上。'),
    });
    expect(record).toContainEqual({
      kind: 'table',
      columns: ['序号', '事项', '负责人', '完成时限', '落实情况'],
      widths: [8, 44, 16, 18, 14],
      rows: [['1', '整理本季度发掘日志', '李梅', '2026年12月15日', '未落实']],
    });
    expect(record.at(-1)).toEqual({
      kind: 'signatures',
      lines: ['记录人（签字）：', '主持人（签字）：'],
    });
  });

  it('says when nothing was recorded as said, rather than leaving the part out', () => {
    const doc = binderDocument(
      binderFacts({ records: [{ record: meetingRecord(), points: points('  ') }] }),
      t,
    );
    expect(texts(doc)).toContain('（未记录发言要点）');
  });

  it('names what the device lacks, on the cover and in the records section', () => {
    const doc = binderDocument(binderFacts(), t);
    const sentence =
      '还有 2 份记录本设备上没有，未能收入：党小组会（2026年4月8日）、支委会（日期不详）。联网后打开一次台账，再重新整理。';
    expect(doc.sections[0]?.blocks).toContainEqual({ kind: 'text', text: sentence });
    expect(doc.sections.find((s) => s.id === 'record-m0')?.blocks).toContainEqual({
      kind: 'text',
      text: sentence,
    });
  });

  it('keeps the member table in name order as given, with the hours not on the device said so', () => {
    const doc = binderDocument(binderFacts(), t);
    const table = doc.sections
      .find((s) => s.id === 'study')
      ?.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({
      columns: ['姓名', '职务', '计入要求学时', '全部学时', '年度要求'],
      rows: [
        ['李梅', '党员', '12', '14.5', '32'],
        ['周洁', '书记', '尚未取得', '尚未取得', '56'],
      ],
    });
    const none = binderDocument(binderFacts({ study: { roster: false, rows: [] } }), t);
    expect(texts(none)).toContain('本设备上还没有支部名单');
  });

  it('takes one quarter: its records, lessons and plans, and its 学时 against the yearly target', () => {
    const doc = binderDocument(binderFacts({ period: { year: 2026, quarter: 4 } }), t);
    expect(doc.title).toBe('2026年第四季度支部工作资料汇编');
    expect(doc.sections.map((s) => s.id)).toEqual([
      'cover',
      'ledger',
      'record-m1',
      'study',
      'lessons',
      'plans',
    ]);
    expect(texts(doc)).toContain('季度学时对照的是全年要求');
    expect(texts(doc)).toContain('这段时间没有讲过的党课讲稿。');
    expect(texts(doc)).toContain('这段时间没有联建活动方案');
  });

  it('lists the lessons given with title, speaker, date and kind', () => {
    const doc = binderDocument(binderFacts(), t);
    const table = doc.sections
      .find((s) => s.id === 'lessons')
      ?.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({
      columns: ['序号', '题目', '主讲人', '日期', '类型'],
      rows: [
        ['1', '在考古工地上的一堂微党课\n——把支部建在考古工地上', '周洁', '2026年7月1日', '微党课'],
      ],
    });
  });

  it('signs the ledger by the recorder and the secretary', () => {
    const doc = binderDocument(binderFacts(), t);
    expect(doc.sections.find((s) => s.id === 'ledger')?.blocks.at(-1)).toEqual({
      kind: 'signatures',
      lines: ['记录人：', '支部书记：', '日期：'],
    });
  });

  it('carries no word of a ranking or a score', () => {
    expect(JSON.stringify(binderZhCN)).not.toMatch(RANKING_WORDS);
    expect(texts(binderDocument(binderFacts(), t))).not.toMatch(RANKING_WORDS);
    expect(
      texts(binderDocument(binderFacts({ period: { year: 2026, quarter: 1 } }), t)),
    ).not.toMatch(RANKING_WORDS);
  });
});

describe('the binder period', () => {
  it('holds dates and months of its year or quarter', () => {
    expect(inPeriod('2026-03-31', { year: 2026, quarter: 1 })).toBe(true);
    expect(inPeriod('2026-04', { year: 2026, quarter: 1 })).toBe(false);
    expect(inPeriod('2025-12-31', { year: 2026 })).toBe(false);
    expect(inPeriod('', { year: 2026 })).toBe(false);
    expect(binderPeriodLabel({ year: 2026, quarter: 2 }, t)).toBe('2026年第二季度');
  });
});

describe('what the binder lacks', () => {
  it('names the unread records and plans of the period from the lists, dated or not', () => {
    const lists = {
      meetings: [
        { id: 'm1', kind: 'group' as const, date: '2026-04-08', status: 'held', known: true },
        { id: 'm2', kind: 'committee' as const, date: '', status: 'draft', known: false },
        { id: 'm3', kind: 'general' as const, date: '2025-11-20', status: 'held', known: true },
        { id: 'm4', kind: 'general' as const, date: '2026-05-01', status: 'draft', known: true },
      ],
      plans: [{ id: 'p1', theme: '走进博物馆', month: '2026-12', date: '', status: 'agreed' }],
    };
    const unread = [
      ...['m1', 'm2', 'm3', 'm4', 'm9'].map((id) => ({ kind: 'meeting' as const, id })),
      { kind: 'plan' as const, id: 'p1' },
    ];
    expect(binderMissing(unread, lists, { year: 2026 })).toEqual([
      { type: 'meeting', kind: 'group', date: '2026-04-08' },
      { type: 'meeting', kind: 'committee', date: '' },
      { type: 'meeting', kind: null, date: '' },
      { type: 'plan', theme: '走进博物馆', month: '2026-12' },
    ]);
    expect(binderMissing(unread, lists, { year: 2026, quarter: 2 })).toHaveLength(3);
    const doc = binderDocument(
      binderFacts({ missing: binderMissing(unread, lists, { year: 2026 }) }),
      t,
    );
    expect(JSON.stringify(doc)).toContain(
      '未能收入：党小组会（2026年4月8日）、支委会（日期不详）、会议记录（日期不详）、联建活动方案“走进博物馆”（2026年12月）。',
    );
  });
});
