import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgreedItem, addBudgetLine, initPlan, readPlan, updatePlan } from '@branchbook/model';
import { monthPlansSheet } from './plan-sheet.ts';
import { testTranslate } from './test-messages.ts';

describe('monthPlansSheet', () => {
  it('lists the month’s plans by date, and marks plans not on this device', () => {
    const doc = new Y.Doc();
    initPlan(doc, { id: 'p1', leadBranchId: 'office', branchIds: ['museum'], month: '2026-05' });
    updatePlan(doc, {
      theme: '走进考古工地',
      date: '2026-05-20',
      startTime: '09:00',
      endTime: '11:30',
    });
    addBudgetLine(doc, 'b1', { item: '讲解费', amountFen: 30050 });
    addAgreedItem(doc, 'g1', { text: '整理心得' });
    const sheet = monthPlansSheet(
      '2026-05',
      [
        {
          loaded: false,
          id: 'p2',
          theme: '',
          leadBranchId: 'museum',
          branchIds: ['museum', 'office'],
        },
        { loaded: true, plan: readPlan(doc) },
      ],
      {
        t: testTranslate(),
        locale: 'zh-CN',
        branchName: (id) => ({ office: '办公室', museum: '博物馆' })[id] ?? id,
      },
    );
    expect(sheet.rows[0]?.cells).toEqual(['2026年5月“1+1+X”主题党日活动方案一览']);
    expect(sheet.rows[1]?.cells[1]).toBe('主题');
    expect(sheet.rows[2]?.cells).toEqual([
      1,
      '未命名方案 （未下载到本设备）',
      null,
      null,
      null,
      '博物馆',
      '办公室',
      null,
      null,
      null,
      null,
    ]);
    expect(sheet.rows[3]?.cells).toEqual([
      2,
      '走进考古工地',
      '2026年5月20日',
      '09:00–11:30',
      null,
      '办公室',
      '博物馆',
      0,
      300.5,
      '草稿',
      1,
    ]);
  });
});
