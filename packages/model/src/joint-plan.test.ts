import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { runConvergence, type Op } from './testing/index.ts';
import { SCHEMA_VERSION, readMeta } from './meta.ts';
import { sortedEntries } from './ordered-list.ts';
import {
  PLAN_LISTS,
  PLAN_RICH_TEXT,
  PLAN_ROLES,
  PLAN_STATUSES,
  PlanInputRejected,
  TEN_ONES,
  addAgendaItem,
  addAgreedItem,
  addBranch,
  addBudgetLine,
  addReading,
  assignRole,
  budgetWarnings,
  carryOpenItems,
  checkBudget,
  clearRole,
  formatFen,
  initPlan,
  movePlanEntry,
  planWarnings,
  readPlan,
  removeBranch,
  removePlanEntry,
  restorePlanEntry,
  setChecklistItem,
  setLeadBranch,
  setParticipants,
  setPlanStatus,
  updateAgendaItem,
  updateAgreedItem,
  updateBranchContact,
  updateBudgetLine,
  updatePlan,
  validateAgreedItem,
  validateBudgetLine,
  validateParticipants,
  validatePlanPatch,
  validatePlanTransition,
  yuanToFen,
  type JointPlan,
  type PlanInputError,
  type PlanList,
} from './joint-plan.ts';

function newPlan(id = 'plan-2026-05'): Y.Doc {
  const doc = new Y.Doc();
  initPlan(doc, {
    id,
    leadBranchId: 'office',
    branchIds: ['office', 'museum', 'dig'],
    month: '2026-05',
  });
  return doc;
}

function sync(...docs: Y.Doc[]): void {
  for (const a of docs) {
    for (const b of docs) {
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
}

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function codes(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanInputRejected) return error.errors.map((e) => e.code);
    throw error;
  }
  return [];
}

describe('joint plan: init and defaults', () => {
  it('reads defaults for everything nobody has written', () => {
    const doc = newPlan();
    const plan = readPlan(doc);
    expect(plan).toMatchObject({
      id: 'plan-2026-05',
      month: '2026-05',
      leadBranchId: 'office',
      theme: '',
      date: '',
      status: 'draft',
      statusBy: '',
      budgetTotalFen: 0,
      budgetCheck: null,
      participants: { members: 0, probationary: 0, activists: 0, others: 0 },
      agenda: [],
      readings: [],
      agreedItems: [],
    });
    expect(plan.branches.map((b) => [b.branchId, b.lead])).toEqual([
      ['office', true],
      ['dig', false],
      ['museum', false],
    ]);
    expect(Object.values(plan.roles).every((r) => r === null)).toBe(true);
    expect(Object.keys(plan.checklist)).toHaveLength(10);
    expect(Object.values(plan.checklist).every((done) => done === false)).toBe(true);
    expect(readMeta(doc)).toMatchObject({ kind: 'plan', schemaVersion: SCHEMA_VERSION.plan });
  });

  it('writes only what must exist: no defaults, nothing in the rich-text fragments', () => {
    const doc = newPlan();
    expect(Object.keys(doc.getMap('plan').toJSON()).sort()).toEqual([
      'id',
      'leadBranchId',
      'month',
    ]);
    for (const name of ['participants', 'roles', 'checklist', ...PLAN_LISTS]) {
      expect(doc.getMap(name).size).toBe(0);
    }
    for (const name of Object.values(PLAN_RICH_TEXT)) {
      expect(doc.getXmlFragment(name).length).toBe(0);
    }
  });

  it('reads an empty doc without throwing', () => {
    expect(readPlan(new Y.Doc())).toMatchObject({ id: '', status: 'draft', branches: [] });
  });

  it('refuses bad init input and re-initialising as another plan', () => {
    expect(
      codes(() =>
        initPlan(new Y.Doc(), { id: 'p 1', leadBranchId: 'a', branchIds: [], month: '2026-13' }),
      ),
    ).toEqual(['bad-id', 'bad-month']);
    const doc = newPlan();
    expect(() =>
      initPlan(doc, {
        id: 'plan-2026-05',
        leadBranchId: 'office',
        branchIds: [],
        month: '2026-05',
      }),
    ).not.toThrow();
    expect(
      codes(() =>
        initPlan(doc, { id: 'other', leadBranchId: 'a', branchIds: [], month: '2026-05' }),
      ),
    ).toEqual(['already-initialised']);
  });

  it('ignores garbage a buggy peer wrote, reading defaults instead', () => {
    const doc = newPlan();
    doc.getMap('participants').set('members', -3);
    doc.getMap('participants').set('activists', 2.5);
    doc.getMap('plan').set('status', 'exploded');
    doc.getMap('roles').set('chair', 'not an object');
    doc.getMap('checklist').set('wearBadge', 'yes');
    const plan = readPlan(doc);
    expect(plan.participants).toMatchObject({ members: 0, activists: 0 });
    expect(plan.status).toBe('draft');
    expect(plan.roles.chair).toBeNull();
    expect(plan.checklist.wearBadge).toBe(false);
  });
});

describe('joint plan: fields and validation', () => {
  it('updates scalar fields and checks dates and times', () => {
    const doc = newPlan();
    updatePlan(doc, {
      theme: '把支部建在考古工地上',
      date: '2026-05-20',
      startTime: '09:00',
      endTime: '11:30',
      place: '通州考古工地',
    });
    expect(readPlan(doc)).toMatchObject({ theme: '把支部建在考古工地上', endTime: '11:30' });
    expect(codes(() => updatePlan(doc, { endTime: '08:00' }))).toEqual(['end-before-start']);
    expect(codes(() => updatePlan(doc, { date: '2026-02-30x', startTime: '25:00' }))).toEqual([
      'bad-date',
      'bad-time',
    ]);
    expect(readPlan(doc).endTime).toBe('11:30');
    updatePlan(doc, { date: '' });
    expect(readPlan(doc).date).toBe('');
  });

  it('validates patches as pure functions', () => {
    expect(validatePlanPatch({ month: '2026-5' })).toEqual<PlanInputError[]>([
      { code: 'bad-month', value: '2026-5' },
    ]);
    expect(validatePlanPatch({ startTime: '10:00' }, { startTime: '', endTime: '10:00' })).toEqual([
      { code: 'end-before-start', startTime: '10:00', endTime: '10:00' },
    ]);
    // Stored times that are already odd do not block unrelated edits.
    expect(validatePlanPatch({ theme: 'x' }, { startTime: '12:00', endTime: '09:00' })).toEqual([]);
    expect(validateParticipants({ members: -1, others: 1.5, activists: 3 })).toEqual([
      { code: 'bad-count', category: 'members', value: -1 },
      { code: 'bad-count', category: 'others', value: 1.5 },
    ]);
    expect(validateBudgetLine({ amountFen: 12.5 })).toEqual([{ code: 'bad-amount', value: 12.5 }]);
    expect(validateBudgetLine({ amountFen: -1 })).toHaveLength(1);
    expect(validateAgreedItem({ deadline: '6月1日', status: 'later' as never })).toEqual([
      { code: 'bad-date', field: 'deadline', value: '6月1日' },
      { code: 'bad-agreed-status', value: 'later' },
    ]);
  });

  it('sets participant counts per category', () => {
    const doc = newPlan();
    setParticipants(doc, { members: 23, probationary: 2 });
    setParticipants(doc, { activists: 4 });
    expect(readPlan(doc).participants).toEqual({
      members: 23,
      probationary: 2,
      activists: 4,
      others: 0,
    });
    expect(codes(() => setParticipants(doc, { others: -2 }))).toEqual(['bad-count']);
  });

  it('manages branches: contacts, lead, removal and return', () => {
    const doc = newPlan();
    updateBranchContact(doc, 'museum', { contactName: '李老师', contactPhone: '010-1234' });
    addBranch(doc, 'community', { contactName: '王主任' });
    expect(readPlan(doc).branches.map((b) => b.branchId)).toContain('community');
    expect(codes(() => removeBranch(doc, 'office'))).toEqual(['lead-branch-removal']);
    expect(codes(() => setLeadBranch(doc, 'nowhere'))).toEqual(['unknown-branch']);
    expect(codes(() => addBranch(doc, 'bad id'))).toEqual(['bad-id']);
    removeBranch(doc, 'museum');
    expect(readPlan(doc).branches.map((b) => b.branchId)).not.toContain('museum');
    addBranch(doc, 'museum');
    expect(readPlan(doc).branches.find((b) => b.branchId === 'museum')).toMatchObject({
      contactName: '李老师',
      contactPhone: '010-1234',
    });
    setLeadBranch(doc, 'museum');
    expect(readPlan(doc).branches[0]).toMatchObject({ branchId: 'museum', lead: true });
    expect(() => updateBranchContact(doc, 'ghost', {})).toThrow(/no branch/);
  });

  it('assigns roles to people of participating branches, per role', () => {
    const doc = newPlan();
    assignRole(doc, 'chair', { name: '张书记', branchId: 'office' });
    expect(
      codes(() => assignRole(doc, 'recorder', { name: '某人', branchId: 'elsewhere' })),
    ).toEqual(['unknown-branch']);
    expect(codes(() => assignRole(doc, 'dj' as never, { name: 'x', branchId: 'office' }))).toEqual([
      'unknown-role',
    ]);
    const other = fork(doc);
    assignRole(doc, 'recorder', { name: '刘', branchId: 'museum' });
    assignRole(other, 'photographer', { name: '陈', branchId: 'dig' });
    sync(doc, other);
    for (const d of [doc, other]) {
      expect(readPlan(d).roles).toMatchObject({
        chair: { name: '张书记', branchId: 'office' },
        recorder: { name: '刘', branchId: 'museum' },
        photographer: { name: '陈', branchId: 'dig' },
        safety: null,
      });
    }
    clearRole(doc, 'chair');
    expect(readPlan(doc).roles.chair).toBeNull();
  });

  it('warns when a role belongs to a branch that left the plan', () => {
    const doc = newPlan();
    assignRole(doc, 'safety', { name: '赵', branchId: 'dig' });
    removeBranch(doc, 'dig');
    expect(planWarnings(readPlan(doc))).toEqual([
      { code: 'role-branch-not-participating', role: 'safety', branchId: 'dig' },
    ]);
  });

  it('toggles the ten items of the 十个一 checklist', () => {
    const doc = newPlan();
    expect(TEN_ONES.map((item) => item.zh)).toEqual([
      '佩戴一枚党徽',
      '组织一次参观见学',
      '重温一次入党誓词',
      '诵读一篇红色经典',
      '进行一次交流发言',
      '过好一次政治生日',
      '设立一批先锋岗位',
      '参加一次廉政教育',
      '开展一次扶贫帮困',
      '做好一次志愿服务',
    ]);
    setChecklistItem(doc, 'renewOath', true);
    setChecklistItem(doc, 'wearBadge', true);
    setChecklistItem(doc, 'wearBadge', false);
    expect(readPlan(doc).checklist).toMatchObject({ renewOath: true, wearBadge: false });
    expect(codes(() => setChecklistItem(doc, 'dance' as never, true))).toEqual([
      'unknown-checklist-item',
    ]);
  });
});

describe('joint plan: status', () => {
  it('allows one step forward, or agreed back to draft', () => {
    const allowed = new Set(['draft>agreed', 'agreed>held', 'held>summarised', 'agreed>draft']);
    for (const from of PLAN_STATUSES) {
      for (const to of PLAN_STATUSES) {
        const error = validatePlanTransition(from, to);
        if (from === to) expect(error).toEqual({ code: 'unchanged', status: from });
        else if (allowed.has(`${from}>${to}`)) expect(error).toBeUndefined();
        else expect(error).toEqual({ code: 'not-allowed', from, to });
      }
    }
    expect(validatePlanTransition('draft', 'cancelled')).toEqual({
      code: 'unknown-status',
      value: 'cancelled',
    });
  });

  it('records who and when, and refuses without writing', () => {
    const doc = newPlan();
    expect(setPlanStatus(doc, 'held', { by: 'u1', at: 1 })).toEqual({
      ok: false,
      error: { code: 'not-allowed', from: 'draft', to: 'held' },
    });
    expect(readPlan(doc).status).toBe('draft');
    expect(setPlanStatus(doc, 'agreed', { by: 'u1', at: 100 })).toEqual({
      ok: true,
      value: 'agreed',
    });
    expect(readPlan(doc)).toMatchObject({ status: 'agreed', statusBy: 'u1', statusAt: 100 });
    expect(setPlanStatus(doc, 'draft', { by: 'u2', at: 200 }).ok).toBe(true);
    expect(setPlanStatus(doc, 'agreed', { by: 'u2', at: 300 }).ok).toBe(true);
    expect(setPlanStatus(doc, 'held', { by: 'u2', at: 400 }).ok).toBe(true);
    expect(setPlanStatus(doc, 'draft', { by: 'u2', at: 500 }).ok).toBe(false);
    expect(setPlanStatus(doc, 'summarised', { by: 'u3', at: 600 }).ok).toBe(true);
  });
});

describe('joint plan: lists', () => {
  it('adds, edits, moves, removes and restores agenda items', () => {
    const doc = newPlan();
    addAgendaItem(doc, 'oath', { time: '09:00', title: '重温入党誓词', owner: '张' });
    addAgendaItem(doc, 'study', { time: '09:15', title: '领学' });
    addAgendaItem(doc, 'visit', { title: '参观考古工地' });
    addAgendaItem(doc, 'open', { title: '开场' }, 0);
    const titles = () => readPlan(doc).agenda.map((item) => item.id);
    expect(titles()).toEqual(['open', 'oath', 'study', 'visit']);
    movePlanEntry(doc, 'agenda', 'visit', 1);
    expect(titles()).toEqual(['open', 'visit', 'oath', 'study']);
    updateAgendaItem(doc, 'visit', { owner: '考古队' });
    expect(readPlan(doc).agenda[1]).toMatchObject({ id: 'visit', owner: '考古队', time: '' });
    removePlanEntry(doc, 'agenda', 'oath');
    expect(titles()).toEqual(['open', 'visit', 'study']);
    restorePlanEntry(doc, 'agenda', 'oath');
    expect(titles()).toEqual(['open', 'visit', 'oath', 'study']);
    expect(codes(() => addAgendaItem(doc, 'oath', {}))).toEqual(['duplicate-id']);
    expect(codes(() => addAgendaItem(doc, 'late', { time: '9点' }))).toEqual(['bad-time']);
    expect(codes(() => updateAgendaItem(doc, 'oath', { time: '24:00' }))).toEqual(['bad-time']);
    expect(() => movePlanEntry(doc, 'agenda', 'ghost', 0)).toThrow(/no agenda entry/);
    expect(() => updateAgendaItem(doc, 'ghost', {})).toThrow(/no agenda entry/);
  });

  it('keeps an offline edit to an item someone else removed', () => {
    const a = newPlan();
    addAgendaItem(a, 'x', { title: '座谈' });
    const b = fork(a);
    removePlanEntry(a, 'agenda', 'x');
    updateAgendaItem(b, 'x', { title: '座谈交流' });
    sync(a, b);
    expect(readPlan(a).agenda).toEqual([]);
    restorePlanEntry(a, 'agenda', 'x');
    expect(readPlan(a).agenda[0]?.title).toBe('座谈交流');
  });

  it('keeps a reading list in order', () => {
    const doc = newPlan();
    addReading(doc, 'r1', { title: '中国共产党章程', source: '第一章' });
    addReading(doc, 'r2', { title: '习近平关于文化遗产保护的论述' }, 0);
    expect(readPlan(doc).readings.map((r) => r.id)).toEqual(['r2', 'r1']);
    movePlanEntry(doc, 'readings', 'r2', 1);
    expect(readPlan(doc).readings.map((r) => r.title)).toEqual([
      '中国共产党章程',
      '习近平关于文化遗产保护的论述',
    ]);
  });
});

describe('joint plan: budget', () => {
  it('sums integer fen and parses and formats yuan without floats', () => {
    const doc = newPlan();
    addBudgetLine(doc, 'b1', { item: '党徽', amountFen: 1250, source: '党费' });
    addBudgetLine(doc, 'b2', { item: '大巴车', amountFen: 80000, source: '党建工作经费' });
    expect(readPlan(doc).budgetTotalFen).toBe(81250);
    expect(formatFen(81250)).toBe('812.50');
    expect(formatFen(5)).toBe('0.05');
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('¥1,200.07')).toBe(120007);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1.234')).toBeUndefined();
    expect(yuanToFen('-3')).toBeUndefined();
    expect(yuanToFen('')).toBeUndefined();
    expect(codes(() => addBudgetLine(doc, 'b3', { amountFen: 0.1 }))).toEqual(['bad-amount']);
    expect(codes(() => updateBudgetLine(doc, 'b1', { amountFen: -5 }))).toEqual(['bad-amount']);
  });

  it('warns on tourism, banquets and gifts, and refuses nothing', () => {
    const lines = [
      { id: 'a', order: 'a0', item: '景区门票及游览', amountFen: 1, source: '' },
      { id: 'b', order: 'a1', item: '活动后聚餐', amountFen: 1, source: '' },
      { id: 'c', order: 'a2', item: '纪念品', amountFen: 1, source: '' },
      { id: 'd', order: 'a3', item: 'Farewell BANQUET', amountFen: 1, source: '' },
      { id: 'e', order: 'a4', item: '纪念馆门票、工作餐、矿泉水', amountFen: 1, source: '党费' },
    ];
    expect(budgetWarnings(lines)).toEqual([
      { code: 'looks-like-tourism', lineId: 'a', keyword: '游览' },
      { code: 'looks-like-banquet', lineId: 'b', keyword: '聚餐' },
      { code: 'looks-like-gift', lineId: 'c', keyword: '纪念品' },
      { code: 'looks-like-banquet', lineId: 'd', keyword: 'banquet' },
    ]);
    const doc = newPlan();
    addBudgetLine(doc, 'x', { item: '宴请兄弟支部', amountFen: 50000 });
    expect(readPlan(doc).budget).toHaveLength(1);
    expect(planWarnings(readPlan(doc)).map((w) => w.code)).toEqual([
      'looks-like-banquet',
      'budget-unchecked',
    ]);
  });

  it("records the discipline member's check, which goes stale when a line changes", () => {
    const doc = newPlan();
    addBudgetLine(doc, 'b1', { item: '矿泉水', amountFen: 3000 });
    addBudgetLine(doc, 'b2', { item: '横幅', amountFen: 12000 });
    checkBudget(doc, { checkedBy: '纪检委员', checkedAt: 1000, note: '符合规定' });
    expect(readPlan(doc).budgetCheck).toEqual({
      checkedBy: '纪检委员',
      checkedAt: 1000,
      note: '符合规定',
      stale: false,
    });
    movePlanEntry(doc, 'budget', 'b2', 0);
    expect(readPlan(doc).budgetCheck?.stale).toBe(false);
    updateBudgetLine(doc, 'b1', { amountFen: 30000 });
    expect(readPlan(doc).budgetCheck?.stale).toBe(true);
    expect(planWarnings(readPlan(doc))).toEqual([{ code: 'budget-check-stale' }]);
  });
});

describe('joint plan: agreed items carried into next month', () => {
  function lastMonth(): Y.Doc {
    const doc = newPlan('plan-2026-04');
    addAgreedItem(doc, 'i1', {
      text: '整理考古工地党员示范岗名单',
      owner: '刘',
      deadline: '2026-05-10',
    });
    addAgreedItem(doc, 'i2', { text: '联系社区报到', owner: '王', status: 'done' });
    addAgreedItem(doc, 'i3', { text: '准备下月微党课', owner: '陈' });
    return doc;
  }

  it('copies open items with new ids and carriedFrom, and only once', () => {
    const from = lastMonth();
    const to = newPlan('plan-2026-05');
    addAgreedItem(to, 'own', { text: '本月新事项' });
    const first = carryOpenItems(from, to);
    expect(first.ok && first.value.carried).toHaveLength(2);
    const items = readPlan(to).agreedItems;
    expect(items.map((i) => i.text)).toEqual([
      '本月新事项',
      '整理考古工地党员示范岗名单',
      '准备下月微党课',
    ]);
    expect(items[1]).toMatchObject({
      owner: '刘',
      deadline: '2026-05-10',
      status: 'open',
      carriedFrom: 'plan-2026-04',
      carriedItemId: 'i1',
    });
    expect(items[1]?.id).not.toBe('i1');
    expect(carryOpenItems(from, to)).toEqual({
      ok: true,
      value: { carried: [], alreadyCarried: ['i1', 'i3'] },
    });
    expect(readPlan(to).agreedItems).toHaveLength(3);
  });

  it('does not carry again an item removed from the target, nor edit the source', () => {
    const from = lastMonth();
    const before = Y.encodeStateVector(from);
    const to = newPlan('plan-2026-05');
    carryOpenItems(from, to);
    expect(Y.encodeStateVector(from)).toEqual(before);
    const carried = readPlan(to).agreedItems[0]?.id ?? '';
    removePlanEntry(to, 'agreed', carried);
    updateAgreedItem(from, 'i2', { status: 'open' });
    const again = carryOpenItems(from, to);
    expect(again.ok && again.value).toEqual({
      carried: [expect.any(String)],
      alreadyCarried: ['i1', 'i3'],
    });
    expect(readPlan(to).agreedItems.map((i) => i.carriedItemId)).toEqual(['i3', 'i2']);
  });

  it('does not duplicate when two devices carry concurrently', () => {
    const from = lastMonth();
    const a = newPlan('plan-2026-05');
    const b = fork(a);
    carryOpenItems(from, a);
    carryOpenItems(from, b);
    sync(a, b);
    expect(readPlan(a).agreedItems.map((i) => i.carriedItemId)).toEqual(['i1', 'i3']);
    expect(readPlan(b)).toEqual(readPlan(a));
  });

  it('refuses plans without ids and a plan carried into itself', () => {
    const from = lastMonth();
    expect(carryOpenItems(new Y.Doc(), from)).toEqual({
      ok: false,
      error: { code: 'missing-plan-id', which: 'from' },
    });
    expect(carryOpenItems(from, new Y.Doc())).toEqual({
      ok: false,
      error: { code: 'missing-plan-id', which: 'to' },
    });
    expect(carryOpenItems(from, fork(from))).toEqual({
      ok: false,
      error: { code: 'same-plan', id: 'plan-2026-04' },
    });
  });

  it('marks items done', () => {
    const doc = lastMonth();
    updateAgreedItem(doc, 'i1', { status: 'done' });
    expect(
      readPlan(doc)
        .agreedItems.filter((i) => i.status === 'open')
        .map((i) => i.id),
    ).toEqual(['i3']);
    expect(codes(() => updateAgreedItem(doc, 'i1', { deadline: 'soon' }))).toEqual(['bad-date']);
  });
});

// ---- convergence ----

const BRANCHES = ['office', 'museum', 'dig'];
const template = newPlan('plan-fuzz');
const templateUpdate = Y.encodeStateAsUpdate(template);

function liveCount(doc: Y.Doc, list: PlanList): number {
  return sortedEntries(doc.getMap(list)).length;
}

function pickLive(doc: Y.Doc, list: PlanList, rng: prng.PRNG): string | undefined {
  const ids = sortedEntries(doc.getMap(list)).map((entry) => entry.id);
  return ids.length > 0 ? prng.oneOf(rng, ids) : undefined;
}

function readPlanList(plan: JointPlan, list: PlanList): string[] {
  const entries =
    list === 'agenda'
      ? plan.agenda
      : list === 'readings'
        ? plan.readings
        : list === 'budget'
          ? plan.budget
          : plan.agreedItems;
  return entries.map((entry) => entry.id);
}

function pickAny(doc: Y.Doc, list: PlanList, rng: prng.PRNG): string | undefined {
  const ids = [...doc.getMap(list).keys()];
  return ids.length > 0 ? prng.oneOf(rng, ids) : undefined;
}

const newId = (rng: prng.PRNG, peer: number) => `p${peer}-${prng.uint32(rng, 0, 1e9)}`;
const hhmm = (rng: prng.PRNG) =>
  `${String(prng.uint32(rng, 8, 17)).padStart(2, '0')}:${prng.oneOf(rng, ['00', '15', '30', '45'])}`;

const planOps: Op[] = [
  (doc, rng) => updatePlan(doc, { theme: prng.word(rng, 1, 8) }),
  (doc, rng) =>
    updatePlan(doc, { place: prng.word(rng, 1, 8), date: `2026-05-${prng.uint32(rng, 10, 28)}` }),
  (doc, rng) =>
    setParticipants(doc, {
      [prng.oneOf(rng, ['members', 'probationary', 'activists', 'others'])]: prng.uint32(
        rng,
        0,
        60,
      ),
    }),
  (doc, rng) =>
    assignRole(doc, prng.oneOf(rng, [...PLAN_ROLES]), {
      name: prng.word(rng, 1, 4),
      branchId: prng.oneOf(rng, BRANCHES),
    }),
  (doc, rng) => clearRole(doc, prng.oneOf(rng, [...PLAN_ROLES])),
  (doc, rng) => setChecklistItem(doc, prng.oneOf(rng, [...TEN_ONES]).key, prng.bool(rng)),
  (doc, rng) =>
    updateBranchContact(doc, prng.oneOf(rng, BRANCHES), { contactPhone: prng.word(rng, 5, 8) }),
  (doc, rng, peer) => {
    const count = liveCount(doc, 'agenda');
    addAgendaItem(
      doc,
      newId(rng, peer),
      { time: hhmm(rng), title: prng.word(rng, 2, 6) },
      prng.uint32(rng, 0, count),
    );
  },
  // Moves are the point of this fuzz: weight them up.
  ...Array.from<Op>({ length: 4 }).fill((doc, rng) => {
    const id = pickLive(doc, 'agenda', rng);
    if (id) movePlanEntry(doc, 'agenda', id, prng.uint32(rng, 0, liveCount(doc, 'agenda')));
  }),
  (doc, rng) => {
    const id = pickLive(doc, 'agenda', rng);
    if (id) updateAgendaItem(doc, id, { owner: prng.word(rng, 1, 4) });
  },
  (doc, rng) => {
    const id = pickLive(doc, 'agenda', rng);
    if (id) removePlanEntry(doc, 'agenda', id);
  },
  (doc, rng) => {
    const id = pickAny(doc, 'agenda', rng);
    if (id) restorePlanEntry(doc, 'agenda', id);
  },
  (doc, rng, peer) =>
    addBudgetLine(doc, newId(rng, peer), {
      item: prng.oneOf(rng, ['矿泉水', '横幅', '大巴车', '聚餐']),
      amountFen: prng.uint32(rng, 0, 100000),
    }),
  (doc, rng) => {
    const id = pickLive(doc, 'budget', rng);
    if (id) updateBudgetLine(doc, id, { amountFen: prng.uint32(rng, 0, 100000) });
  },
  (doc, rng) =>
    checkBudget(doc, { checkedBy: prng.word(rng, 2, 4), checkedAt: prng.uint32(rng, 1, 1e6) }),
  (doc, rng, peer) =>
    addAgreedItem(doc, newId(rng, peer), { text: prng.word(rng, 2, 8), deadline: '2026-06-01' }),
  (doc, rng) => {
    const id = pickLive(doc, 'agreed', rng);
    if (id) updateAgreedItem(doc, id, { status: prng.oneOf(rng, ['open', 'done'] as const) });
  },
  (doc, rng) => {
    const id = pickLive(doc, 'readings', rng);
    if (id) movePlanEntry(doc, 'readings', id, 0);
    else addReading(doc, `r${prng.uint32(rng, 0, 1e9)}`, { title: prng.word(rng, 2, 6) });
  },
  (doc, rng) => {
    const status = readPlan(doc).status;
    const next = PLAN_STATUSES[PLAN_STATUSES.indexOf(status) + 1];
    const to = prng.bool(rng) && status === 'agreed' ? 'draft' : next;
    if (to) setPlanStatus(doc, to, { by: 'u', at: prng.uint32(rng, 1, 1e6) });
  },
];

interface FuzzView {
  plan: JointPlan;
  live: Record<PlanList, string[]>;
}

function liveIdsInDoc(doc: Y.Doc): Record<PlanList, string[]> {
  const live = {} as Record<PlanList, string[]>;
  for (const list of PLAN_LISTS) {
    live[list] = [...doc.getMap<Y.Map<unknown>>(list).entries()]
      .filter(([, map]) => map.get('deleted') !== true)
      .map(([id]) => id)
      .sort();
  }
  return live;
}

function validateView({ plan, live }: FuzzView): void {
  for (const list of PLAN_LISTS) {
    const shown = readPlanList(plan, list);
    if (new Set(shown).size !== shown.length) throw new Error(`duplicate ids in ${list}`);
    if (JSON.stringify([...shown].sort()) !== JSON.stringify(live[list])) {
      throw new Error(`${list} view does not show every live entry exactly once`);
    }
  }
  // A strict total order: keys ascend, ties broken by id, so the sort is the same on every peer.
  for (let i = 1; i < plan.agenda.length; i++) {
    const a = plan.agenda[i - 1];
    const b = plan.agenda[i];
    if (!a || !b || !(a.order < b.order || (a.order === b.order && a.id < b.id))) {
      throw new Error(`agenda not strictly ordered at ${i}`);
    }
  }
  if (!PLAN_STATUSES.includes(plan.status)) throw new Error(`bad status ${plan.status}`);
  for (const count of Object.values(plan.participants)) {
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`bad count ${count}`);
  }
  if (plan.budgetTotalFen !== plan.budget.reduce((sum, line) => sum + line.amountFen, 0)) {
    throw new Error('budget total is not the sum of its lines');
  }
}

describe('joint plan convergence (seeded fuzz)', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i converges', (seed) => {
    const { view } = runConvergence<FuzzView>({
      seed,
      peers: 2 + (seed % 3),
      rounds: 20,
      // The plan is created on one device and reaches the others before they edit it.
      init: (doc) => {
        Y.applyUpdate(doc, templateUpdate, 'remote');
        // A client opening the plan defines every root type, so `doc.toJSON()` sees them all.
        readPlan(doc);
        readMeta(doc);
      },
      ops: planOps,
      view: (doc) => ({ plan: readPlan(doc), live: liveIdsInDoc(doc) }),
      validate: validateView,
    });
    expect(view.plan.id).toBe('plan-fuzz');
  });

  it('two peers moving the same agenda item concurrently, many times over', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = prng.create(seed);
      const a = newPlan();
      for (let i = 0; i < 6; i++) addAgendaItem(a, `i${i}`, { title: `${i}` });
      const b = fork(a);
      for (let round = 0; round < 10; round++) {
        const target = `i${prng.uint32(rng, 0, 5)}`;
        movePlanEntry(a, 'agenda', target, prng.uint32(rng, 0, 5));
        movePlanEntry(b, 'agenda', target, prng.uint32(rng, 0, 5));
        const other = `i${prng.uint32(rng, 0, 5)}`;
        movePlanEntry(b, 'agenda', other, prng.uint32(rng, 0, 5));
        sync(a, b);
        const ids = readPlan(a).agenda.map((item) => item.id);
        expect([...ids].sort()).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
        expect(readPlan(b).agenda).toEqual(readPlan(a).agenda);
      }
    }
  });
});
