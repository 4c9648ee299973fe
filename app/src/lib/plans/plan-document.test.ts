import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAgendaItem,
  addAgreedItem,
  addBudgetLine,
  assignRole,
  initPlan,
  readPlan,
  setChecklistItem,
  setParticipants,
  updateBranchContact,
  updatePlan,
} from '@branchbook/model';
import { formatPlanDate, planDocument, safeFileName } from './plan-document.ts';
import { testTranslate } from './test-messages.ts';

const names: Record<string, string> = { office: '办公室党支部', museum: '博物馆党支部' };
const branchName = (id: string) => names[id] ?? id;
const none = { purpose: [], safety: [], summary: [] };

function fullPlan() {
  const doc = new Y.Doc();
  initPlan(doc, { id: 'p1', leadBranchId: 'office', branchIds: ['museum'], month: '2026-05' });
  updatePlan(doc, {
    theme: '走进考古工地',
    date: '2026-05-20',
    startTime: '09:00',
    endTime: '11:30',
    place: '路县故城遗址',
  });
  updateBranchContact(doc, 'museum', { contactName: '李强', contactPhone: '13800000000' });
  setParticipants(doc, { members: 20, probationary: 2 });
  addAgendaItem(doc, 'a1', { time: '09:00', title: '重温入党誓词', owner: '王芳' });
  addAgendaItem(doc, 'a2', { time: '09:20', title: '领学', owner: '张明' });
  assignRole(doc, 'chair', { name: '王芳', branchId: 'museum' });
  addBudgetLine(doc, 'b1', { item: '讲解费', amountFen: 30050, source: '党建工作经费' });
  setChecklistItem(doc, 'renewOath', true);
  addAgreedItem(doc, 'g1', { text: '整理学习心得', owner: '张明', deadline: '2026-06-10' });
  return readPlan(doc);
}

describe('planDocument', () => {
  it('lays a plan out as a numbered official document', () => {
    const blocks = planDocument(
      fullPlan(),
      {
        ...none,
        purpose: [
          {
            kind: 'paragraph',
            level: 0,
            number: null,
            runs: [{ text: '把支部建在考古工地上', bold: false, italic: false }],
          },
        ],
      },
      { t: testTranslate(), locale: 'zh-CN', branchName },
    );
    expect(blocks[0]).toEqual({ kind: 'title', text: '走进考古工地' });
    expect(blocks[1]).toEqual({
      kind: 'subtitle',
      text: '“1+1+X”主题党日活动方案（2026年5月）',
    });
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual([
      '一、活动目的',
      '二、时间地点',
      '三、参加支部',
      '四、参加人员',
      '五、活动议程',
      '六、人员分工',
      '七、经费预算',
      '八、“十个一”',
      '九、议定事项',
    ]);
    const texts = blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
    expect(texts).toContain('时间：2026年5月20日 09:00—11:30');
    expect(texts).toContain('地点：路县故城遗址');
    expect(texts).toContain('正式党员20人、预备党员2人、入党积极分子0人、其他人员0人，共22人。');
    expect(texts).toContain('预算审核：未审核');
    expect(texts).toContain('重温一次入党誓词。');
    const tables = blocks.flatMap((b) => (b.kind === 'table' ? [b] : []));
    expect(tables[0]?.rows).toEqual([
      ['办公室党支部', '牵头', '', ''],
      ['博物馆党支部', '联建', '李强', '13800000000'],
    ]);
    expect(tables[1]?.rows).toEqual([
      ['1', '09:00', '重温入党誓词', '王芳'],
      ['2', '09:20', '领学', '张明'],
    ]);
    expect(tables[2]?.rows).toEqual([['主持人', '王芳', '博物馆党支部']]);
    expect(tables[3]?.rows).toEqual([
      ['讲解费', '300.50', '党建工作经费'],
      ['合计', '300.50', ''],
    ]);
    expect(tables[4]?.rows).toEqual([['1', '整理学习心得', '张明', '2026年6月10日', '未完成']]);
    expect(blocks.at(-1)).toEqual({
      kind: 'signatures',
      lines: ['主持人（签字）：', '记录人（签字）：', '支部书记（签字）：'],
    });
  });

  it('leaves out empty sections and says what is still to be decided', () => {
    const doc = new Y.Doc();
    initPlan(doc, { id: 'p2', leadBranchId: 'office', branchIds: [], month: '2026-06' });
    const blocks = planDocument(readPlan(doc), none, {
      t: testTranslate(),
      locale: 'zh-CN',
      branchName,
    });
    expect(blocks[0]).toEqual({ kind: 'title', text: '未命名方案' });
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual([
      '一、时间地点',
      '二、参加支部',
    ]);
    expect(blocks).toContainEqual({ kind: 'text', text: '时间：待定' });
  });

  it('numbers sections with digits in English', () => {
    const blocks = planDocument(fullPlan(), none, {
      t: testTranslate('en'),
      locale: 'en',
      branchName,
    });
    expect(blocks.find((b) => b.kind === 'heading')).toEqual({
      kind: 'heading',
      text: '1. Time and place',
    });
  });
});

describe('helpers', () => {
  it('formats dates per locale', () => {
    expect(formatPlanDate('2026-05-04', 'zh-CN')).toBe('2026年5月4日');
    expect(formatPlanDate('2026-05-04', 'en')).toBe('4 May 2026');
    expect(formatPlanDate('', 'zh-CN')).toBe('');
  });

  it('makes safe file names', () => {
    expect(safeFileName('a/b:c*?')).toBe('a b c');
    expect(safeFileName('  ')).toBe('plan');
  });
});
