import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAgendaItem,
  assignRole,
  initPlan,
  readPlan,
  updateBranchContact,
} from '@branchbook/model';
import { branchForName, describeAssignment, roleNameOptions } from './role-options.ts';

function plan() {
  const doc = new Y.Doc();
  initPlan(doc, { id: 'p1', leadBranchId: 'office', branchIds: ['museum'], month: '2026-05' });
  assignRole(doc, 'chair', { name: '王芳', branchId: 'museum' });
  updateBranchContact(doc, 'museum', { contactName: '李强', contactPhone: '138' });
  addAgendaItem(doc, 'a1', { title: '重温入党誓词', owner: '赵敏' });
  return readPlan(doc);
}

describe('roleNameOptions', () => {
  it('offers me, names already in the plan and my own roster — nothing else', () => {
    const options = roleNameOptions(plan(), { name: '张明', branchId: 'office' }, [
      { name: '陈静' },
      { name: '张明' },
    ]);
    expect(options).toEqual([
      { name: '张明', branchId: 'office' },
      { name: '王芳', branchId: 'museum' },
      { name: '李强', branchId: 'museum' },
      { name: '陈静', branchId: 'office' },
      { name: '赵敏', branchId: null },
    ]);
  });

  it('skips blanks', () => {
    const options = roleNameOptions(plan(), { name: '  ', branchId: null });
    expect(options.map((o) => o.name)).not.toContain('');
  });
});

describe('branchForName', () => {
  const p = plan();
  const options = roleNameOptions(p, { name: '张明', branchId: 'office' });

  it('uses the branch a known name belongs to', () => {
    expect(branchForName('王芳', options, p, 'office')).toBe('museum');
  });

  it('uses the chosen branch for a typed name, else the lead', () => {
    expect(branchForName('新同志', options, p, 'museum')).toBe('museum');
    expect(branchForName('新同志', options, p, 'not-in-plan')).toBe('office');
    expect(branchForName('新同志', options, p, null)).toBe('office');
  });
});

describe('describeAssignment', () => {
  it('reads as a name with the branch in brackets', () => {
    expect(describeAssignment({ name: '王芳', branchId: 'museum' }, () => '博物馆党支部')).toBe(
      '王芳（博物馆党支部）',
    );
  });
});
