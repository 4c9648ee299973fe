/**
 * How long the inspector's binder takes for a busy year (a script, not a test):
 * `pnpm -F @branchbook/app bench:binder`. Twelve months of four held records each (48 records
 * with 15 people, agenda, 发言要点 by speaker, resolutions and agreed items) and one joint plan
 * a month (12 plans with agenda, roles, readings, budget and rich sections), in Y.Docs as the
 * device holds them. Prints the median of
 *  1. the structure: reading every record and plan document and `binderDocument` over them;
 *  2. the Word file: `binderDocxBlob` of that binder.
 * IndexedDB is left out (the device's read of each document is the browser's).
 */
import { it } from 'vitest';
import * as Y from 'yjs';
import {
  MEETING_RICH_TEXT,
  PLAN_RICH_TEXT,
  addAgendaItem,
  addAgreedItem,
  addBudgetLine,
  addMeetingEntry,
  addReading,
  assignRole,
  initMeeting,
  initPlan,
  ledgerRows,
  readMeeting,
  readPlan,
  setAttendee,
  setParticipants,
  setPlanStatus,
  updateMeeting,
  updatePlan,
  type MeetingKind,
} from '@branchbook/model';
import { richBlocks } from '$lib/editor/rich-blocks.ts';
import { plansZhCN } from '$lib/i18n/plans.zh-CN.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { binderDocument, type BinderFacts } from '$lib/meetings/binder-document.ts';
import { binderDocxBlob } from '$lib/meetings/binder-docx.ts';
import { testTranslate } from '$lib/meetings/test-messages.ts';
import { planDocument } from '$lib/plans/plan-document.ts';

const STRUCTURE_RUNS = 21;
const DOCX_RUNS = 7;

const PEOPLE = [
  '周洁',
  '李梅',
  '王建华',
  '赵刚',
  '孙丽',
  '欧阳晓红',
  '陈明',
  '刘洋',
  '张伟',
  '杨帆',
  '黄磊',
  '吴静',
  '郑涛',
  '何芳',
  '高翔',
];
const KINDS: MeetingKind[] = ['committee', 'group', 'study', 'general'];
const TOPICS = [
  '学习《中国共产党支部工作条例（试行）》',
  '学习党的二十大报告第三部分',
  '专题研讨：把支部建在考古工地上',
  '观看《复兴之路》第三集',
];
const SAID = [
  '要把支部建在考古工地上，发掘日志当天整理，做到一次录入、处处可用。',
  '本季度的发掘进度比计划略慢，建议调整人手，雨季前完成探方清理。',
  '学习要联系实际，结合文物保护工作谈体会，不搞形式主义。',
  '新同志的入党培养要落实联系人，每月谈心一次，记录在案。',
  '宣传栏内容要及时更新，把考古工地的好做法讲给年轻同志听。',
  '经费使用要严格执行八项规定，不搞宴请，票据及时交财务。',
];

function paragraphs(doc: Y.Doc, fragment: string, lines: readonly string[]): void {
  doc.getXmlFragment(fragment).insert(
    0,
    lines.map((line) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(line)]);
      return paragraph;
    }),
  );
}

function recordDoc(month: number, n: number): Y.Doc {
  const doc = new Y.Doc();
  const id = `m${month}x${n}`;
  const date = `2026-${String(month).padStart(2, '0')}-${String(3 + n * 7).padStart(2, '0')}`;
  initMeeting(doc, { id, branchId: 'b1', kind: KINDS[n] ?? 'general', date });
  PEOPLE.forEach((name, i) =>
    setAttendee(doc, `u${i}`, {
      name,
      status: i === 4 ? 'absent' : i === 9 ? 'leave' : 'present',
      ...(i === 4 ? { reason: '在工地值守' } : i === 9 ? { reason: '出差' } : {}),
      ...(i > 12 ? { voting: false } : {}),
    }),
  );
  setAttendee(doc, 'guest-1', { name: '王老师', from: '首都博物馆第一党支部', status: 'present' });
  updateMeeting(doc, {
    status: 'held',
    start: '14:30',
    end: '16:30',
    place: '考古工地项目部会议室',
    chair: '周洁',
    recorder: '李梅',
    studyTitle: TOPICS[n] ?? '',
    studySource: '中共中央办公厅印发',
    leadReader: '王建华',
    credit: 2,
  });
  if (n === 3) addMeetingEntry(doc, 'spending', 's1', { item: '学习资料印制', amountFen: 12050 });
  ['传达上级会议精神', '讨论本月发掘进度', '研究发展党员工作'].forEach((title, i) =>
    addMeetingEntry(doc, 'agenda', `a${i}`, { title }),
  );
  addMeetingEntry(doc, 'resolutions', 'r1', {
    text: '通过本季度学习计划',
    for: 12,
    against: 0,
    abstain: 1,
  });
  addMeetingEntry(doc, 'resolutions', 'r2', {
    text: '同意李梅同志为入党积极分子',
    for: 13,
    against: 0,
    abstain: 0,
  });
  addMeetingEntry(doc, 'agreed', 'g1', {
    text: '整理本季度发掘日志并归档',
    owner: '李梅',
    deadline: '2026-12-15',
  });
  addMeetingEntry(doc, 'agreed', 'g2', { text: '更新支部宣传栏', owner: '赵刚', status: 'done' });
  paragraphs(
    doc,
    MEETING_RICH_TEXT.points,
    PEOPLE.slice(0, 6).map((name, i) => `${name}：${SAID[i] ?? ''}`),
  );
  return doc;
}

function planDoc(month: number): Y.Doc {
  const doc = new Y.Doc();
  const id = `p${month}`;
  const mm = String(month).padStart(2, '0');
  initPlan(doc, { id, leadBranchId: 'b1', branchIds: ['b1', 'b2', 'b3'], month: `2026-${mm}` });
  updatePlan(doc, {
    theme: `走进考古工地·${month}月主题党日`,
    date: `2026-${mm}-20`,
    startTime: '09:00',
    endTime: '16:00',
    place: '良渚古城遗址考古工作站',
  });
  setParticipants(doc, { members: 30, probationary: 3, activists: 5, others: 2 });
  ['重温入党誓词', '领学', '交流研讨', '参观考古现场', '总结'].forEach((title, i) =>
    addAgendaItem(doc, `a${i}`, {
      time: `${String(9 + i).padStart(2, '0')}:00`,
      title,
      owner: PEOPLE[i] ?? '',
    }),
  );
  assignRole(doc, 'chair', { name: '周洁', branchId: 'b1' });
  assignRole(doc, 'recorder', { name: '李梅', branchId: 'b1' });
  addReading(doc, 'r1', { title: '《中国共产党支部工作条例（试行）》', source: '中共中央' });
  addBudgetLine(doc, 'l1', { item: '往返交通', amountFen: 120000, source: '党建活动经费' });
  addBudgetLine(doc, 'l2', { item: '学习资料', amountFen: 30000, source: '党建活动经费' });
  addAgreedItem(doc, 'g1', {
    text: '形成活动总结报机关党委',
    owner: '周洁',
    deadline: `2026-${mm}-28`,
  });
  paragraphs(doc, PLAN_RICH_TEXT.purpose, [SAID[0] ?? '', SAID[2] ?? '']);
  paragraphs(doc, PLAN_RICH_TEXT.safety, ['乘车统一出发，工地现场佩戴安全帽，服从考古队安排。']);
  paragraphs(doc, PLAN_RICH_TEXT.summary, [SAID[4] ?? '']);
  setPlanStatus(doc, 'agreed', { by: 'u0', at: 1 });
  setPlanStatus(doc, 'held', { by: 'u0', at: 2 });
  return doc;
}

const t: Translate = (key, options) => {
  if (!key.startsWith('jointPlans.')) return testTranslate(key, options);
  let node: unknown = plansZhCN;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const values = options?.values ?? {};
  return String(node).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
};

/** What the device holds, read into the binder (as `BinderBuild` does, without IndexedDB). */
function structure(records: readonly Y.Doc[], plans: readonly Y.Doc[]) {
  const read = records.map((doc) => ({
    record: readMeeting(doc),
    points: richBlocks(doc.getXmlFragment(MEETING_RICH_TEXT.points)),
  }));
  const section = (doc: Y.Doc, name: keyof typeof PLAN_RICH_TEXT) =>
    richBlocks(doc.getXmlFragment(PLAN_RICH_TEXT[name]));
  const planned = plans.map((doc) => {
    const plan = readPlan(doc);
    return {
      id: plan.id,
      theme: plan.theme,
      date: plan.date,
      month: plan.month,
      blocks: planDocument(
        plan,
        {
          purpose: section(doc, 'purpose'),
          safety: section(doc, 'safety'),
          summary: section(doc, 'summary'),
        },
        {
          t: (key, values) => t(key, values ? { values } : undefined),
          locale: 'zh-CN',
          branchName: (id) =>
            ({ b1: '考古工地临时党支部', b2: '首都博物馆第一党支部' })[id] ?? '其他支部',
        },
      ),
    };
  });
  const facts: BinderFacts = {
    period: { year: 2026 },
    branchName: '考古工地临时党支部',
    today: '2026-12-31',
    ledger: ledgerRows(
      { meetings: read.map((r) => r.record), plans: plans.map(readPlan), manual: [] },
      { year: 2026 },
    ),
    records: read,
    study: {
      roster: true,
      rows: PEOPLE.map((name, i) => ({
        userId: `u${i}`,
        name,
        role: i === 0 ? 'secretary' : 'member',
        counted: 30 + i,
        total: 40 + i,
        target: i === 0 ? 56 : 32,
      })),
    },
    lessons: [1, 4, 7, 10].map((month) => ({
      id: `l${month}`,
      title: '在考古工地上的一堂微党课',
      subtitle: '——把支部建在考古工地上',
      speaker: '周洁',
      date: `2026-${String(month).padStart(2, '0')}-15`,
      type: 'micro' as const,
    })),
    plans: planned,
    missing: [],
  };
  return binderDocument(facts, t);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

it('binder of 48 records and 12 plans', async () => {
  const records = Array.from({ length: 12 }, (_, m) =>
    Array.from({ length: 4 }, (_, n) => recordDoc(m + 1, n)),
  ).flat();
  const plans = Array.from({ length: 12 }, (_, m) => planDoc(m + 1));

  // Warm up the JIT and the on-demand `docx` import.
  const warm = structure(records, plans);
  await binderDocxBlob(warm);

  const structureMs: number[] = [];
  for (let i = 0; i < STRUCTURE_RUNS; i++) {
    const start = performance.now();
    structure(records, plans);
    structureMs.push(performance.now() - start);
  }
  const docxMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < DOCX_RUNS; i++) {
    const start = performance.now();
    const blob = await binderDocxBlob(warm);
    docxMs.push(performance.now() - start);
    bytes = blob.size;
  }
  const sections = warm.sections.length;
  console.log(
    [
      `binder: ${records.length} records, ${plans.length} plans → ${sections} parts, ${warm.toc.length} contents entries`,
      `  structure (read docs + binderDocument): median ${median(structureMs).toFixed(1)} ms over ${STRUCTURE_RUNS} runs`,
      `  Word file (binderDocxBlob):            median ${median(docxMs).toFixed(0)} ms over ${DOCX_RUNS} runs, ${(bytes / 1024).toFixed(0)} KB`,
    ].join('\n'),
  );
});
