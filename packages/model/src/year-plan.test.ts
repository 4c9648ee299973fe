import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DateRule } from './date-rules.ts';
import { readMeta } from './meta.ts';
import { rotaFor, rotaTurns } from './rota.ts';
import { runConvergence, type Op } from './testing/index.ts';
import {
  MATRIX_LEVELS,
  MATRIX_TOPICS,
  ROTA_KINDS,
  YEAR_ITEM_KINDS,
  YEAR_ITEM_STATUSES,
  YEAR_PLAN_STATUSES,
  YearPlanInputRejected,
  addFixedDay,
  addYearItem,
  initYearPlan,
  itemDates,
  itemsOfMonth,
  moveOccurrence,
  placeInRota,
  quarterOf,
  readRota,
  readYearPlan,
  removeFromRota,
  removeYearItem,
  restoreYearItem,
  seedYearPlan,
  setItemPairedBranch,
  setQuarterFocus,
  setRotaAbsent,
  setRotaPick,
  setRotaStart,
  setYearPlanStatus,
  updateSeries,
  updateYearItem,
  type YearPlan,
} from './year-plan.ts';

const FIRST_TUESDAY: DateRule = { type: 'nthWeekday', nth: 1, weekday: 2 };
const FRIDAY_AFTERNOONS: DateRule = { type: 'weekly', weekday: 5, daypart: 'afternoon' };

function newYear(year = 2026, branchId = 'kgs'): Y.Doc {
  const doc = new Y.Doc();
  initYearPlan(doc, { branchId, year });
  return doc;
}

function sync(...docs: Y.Doc[]): void {
  for (const a of docs)
    for (const b of docs)
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

const ids = () => {
  let n = 0;
  return () => `i${++n}`;
};

function codes(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof YearPlanInputRejected) return error.errors.map((e) => e.code);
    throw error;
  }
  return [];
}

describe('year plan: a new document', () => {
  it('reads as an empty draft, writing nothing', () => {
    const doc = new Y.Doc();
    const plan = readYearPlan(doc);
    expect(plan).toMatchObject({
      branchId: '',
      year: 0,
      status: 'draft',
      approved: null,
      sent: null,
      quarters: ['', '', '', ''],
      items: [],
    });
    expect(plan.rotas.host).toEqual({
      start: 1,
      order: [],
      absent: [],
      absentIn: {},
      overrides: {},
    });
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
  });

  it('names its branch and year once; another branch or year is refused', () => {
    const doc = newYear();
    expect(readYearPlan(doc)).toMatchObject({ branchId: 'kgs', year: 2026 });
    expect(readMeta(doc).kind).toBe('yearplan');
    initYearPlan(doc, { branchId: 'kgs', year: 2026 });
    expect(codes(() => initYearPlan(doc, { branchId: 'kgs', year: 2027 }))).toEqual([
      'already-initialised',
    ]);
    expect(codes(() => initYearPlan(new Y.Doc(), { branchId: 'a b', year: 26 }))).toEqual([
      'bad-id',
      'bad-year',
    ]);
  });
});

describe('year plan: months and their items', () => {
  it('dates a fixed day of every month by its rule, December’s on the 1st', () => {
    const doc = newYear();
    const made = addFixedDay(doc, ids(), {
      kind: 'themeDay',
      rule: FIRST_TUESDAY,
      title: '主题党日',
    });
    expect(made.series).toBe('i1');
    expect(made.ids).toHaveLength(12);
    const plan = readYearPlan(doc);
    const december = itemsOfMonth(plan, 12)[0];
    expect(december).toMatchObject({ kind: 'themeDay', title: '主题党日', series: 'i1' });
    expect(december && itemDates(december, plan.year)).toEqual([
      { planned: '2026-12-01', date: '2026-12-01', moved: false },
    ]);
    expect(plan.items.map((item) => item.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('changes the rule of a whole series at once; each month keeps its own title', () => {
    const doc = newYear();
    const [january] = addFixedDay(doc, ids(), { kind: 'themeDay', rule: FIRST_TUESDAY }).ids;
    updateYearItem(doc, january ?? '', { title: '学习两会精神' });
    updateSeries(doc, 'i1', { schedule: { rule: { type: 'nthWeekday', nth: -1, weekday: 5 } } });
    const plan = readYearPlan(doc);
    expect(plan.items.map((item) => itemDates(item, 2026)[0]?.date).slice(0, 3)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
    ]);
    expect(plan.items[0]?.title).toBe('学习两会精神');
    expect(plan.items[1]?.title).toBe('');
  });

  it('moves one occurrence by hand (off a holiday) and back', () => {
    const doc = newYear();
    addFixedDay(doc, ids(), { kind: 'themeDay', rule: FIRST_TUESDAY, months: [10] });
    // 2026-10-06 falls in the National Day week.
    moveOccurrence(doc, 'i2', '2026-10-06', '2026-10-13');
    const october = () => readYearPlan(doc).items[0];
    expect(itemDates(october()!, 2026)).toEqual([
      { planned: '2026-10-06', date: '2026-10-13', moved: true },
    ]);
    moveOccurrence(doc, 'i2', '2026-10-06', null);
    expect(itemDates(october()!, 2026)[0]).toMatchObject({ date: '2026-10-06', moved: false });
  });

  it('gives the weekly study day every Friday afternoon of its month, each movable alone', () => {
    const doc = newYear();
    addYearItem(doc, 'study-jan', {
      month: 1,
      kind: 'study',
      title: '全员学习日',
      schedule: { rule: FRIDAY_AFTERNOONS },
    });
    moveOccurrence(doc, 'study-jan', '2026-01-02', '2026-01-05');
    const [study] = readYearPlan(doc).items;
    expect(study?.schedule).toEqual({ rule: FRIDAY_AFTERNOONS });
    expect(itemDates(study!, 2026).map((d) => d.date)).toEqual([
      '2026-01-05',
      '2026-01-09',
      '2026-01-16',
      '2026-01-23',
      '2026-01-30',
    ]);
  });

  it('gives 每月下旬 a window, and a fixed date its month', () => {
    const doc = newYear();
    addYearItem(doc, 'c1', {
      month: 2,
      kind: 'committee',
      schedule: { rule: { type: 'monthPart', part: 'late' } },
    });
    addYearItem(doc, 'l1', { month: 1, kind: 'lifeMeeting', schedule: { date: '2026-12-18' } });
    const plan = readYearPlan(doc);
    expect(itemDates(itemsOfMonth(plan, 2)[0]!, 2026)).toEqual([
      { planned: '2026-02-21', date: '2026-02-21', until: '2026-02-28', moved: false },
    ]);
    expect(itemsOfMonth(plan, 12).map((item) => item.id)).toEqual(['l1']);
    expect(quarterOf(12)).toBe(4);
  });

  it('refuses what would print wrong: a date of another year, a 2月30日, a bad month or rule', () => {
    const doc = newYear();
    expect(
      codes(() =>
        addYearItem(doc, 'x', { month: 3, kind: 'general', schedule: { date: '2025-03-01' } }),
      ),
    ).toEqual(['date-outside-year']);
    expect(
      codes(() =>
        addYearItem(doc, 'x', { month: 2, kind: 'general', schedule: { date: '2026-02-30' } }),
      ),
    ).toEqual(['bad-date']);
    expect(codes(() => addYearItem(doc, 'x', { month: 13, kind: 'general' }))).toEqual([
      'bad-month',
    ]);
    expect(
      codes(() =>
        addYearItem(doc, 'x', {
          month: 1,
          kind: 'general',
          schedule: { rule: { type: 'nthWeekday', nth: 5, weekday: 2 } as unknown as DateRule },
        }),
      ),
    ).toEqual(['bad-schedule']);
    expect(
      codes(() => addFixedDay(doc, ids(), { kind: 'themeDay', rule: FIRST_TUESDAY, months: [0] })),
    ).toEqual(['bad-month']);
    expect(readYearPlan(doc).items).toEqual([]);
    addYearItem(doc, 'x', { month: 1, kind: 'general' });
    expect(codes(() => addYearItem(doc, 'x', { month: 1, kind: 'general' }))).toEqual([
      'duplicate-id',
    ]);
    expect(codes(() => updateYearItem(doc, 'nope', { status: 'done' }))).toEqual(['unknown-item']);
  });

  it('places each item in the matrix by its kind unless set, and keeps owner, speaker, branches', () => {
    const doc = newYear();
    addYearItem(doc, 'g', { month: 3, kind: 'group' });
    addYearItem(doc, 'l', { month: 3, kind: 'lecture', speakerId: 'u-li', ownerId: 'u-wang' });
    addYearItem(doc, 'j', { month: 5, kind: 'jointDay' });
    updateYearItem(doc, 'l', { level: 'member' });
    setItemPairedBranch(doc, 'j', 'museum', true);
    setItemPairedBranch(doc, 'j', 'dig', true);
    setItemPairedBranch(doc, 'j', 'dig', false);
    const [group, lecture, joint] = readYearPlan(doc).items;
    expect(group).toMatchObject({ topic: 'theory', level: 'group' });
    expect(lecture).toMatchObject({
      topic: 'theory',
      level: 'member',
      speakerId: 'u-li',
      ownerId: 'u-wang',
    });
    expect(joint).toMatchObject({ topic: 'work', level: 'branch', pairedBranchIds: ['museum'] });
  });

  it('removes an item with a tombstone, and brings it back with its edits', () => {
    const doc = newYear();
    addYearItem(doc, 'a', { month: 4, kind: 'general', title: '选举' });
    const offline = new Y.Doc();
    sync(doc, offline);
    removeYearItem(doc, 'a');
    updateYearItem(offline, 'a', { status: 'done' });
    sync(doc, offline);
    expect(readYearPlan(doc).items).toEqual([]);
    restoreYearItem(doc, 'a');
    expect(readYearPlan(doc).items[0]).toMatchObject({ title: '选举', status: 'done' });
  });

  it('merges two phones typing one title character by character', () => {
    const a = newYear();
    addYearItem(a, 't', { month: 6, kind: 'themeDay', title: '主题党日' });
    setQuarterFocus(a, 1, '理论学习');
    const b = new Y.Doc();
    sync(a, b);
    updateYearItem(a, 't', { title: '七一主题党日' });
    updateYearItem(b, 't', { title: '主题党日：重温入党誓词' });
    setQuarterFocus(b, 1, '理论学习、读书交流');
    sync(a, b);
    expect(readYearPlan(a).items[0]?.title).toBe('七一主题党日：重温入党誓词');
    expect(readYearPlan(b)).toEqual(readYearPlan(a));
    expect(readYearPlan(a).quarters[0]).toBe('理论学习、读书交流');
  });
});

describe('year plan: status', () => {
  it('goes draft → approved → sent, keeping who approved and when', () => {
    const doc = newYear();
    expect(setYearPlanStatus(doc, 'sent', { by: '李建国', at: 1 })).toEqual({
      ok: false,
      error: { code: 'not-allowed', from: 'draft', to: 'sent' },
    });
    expect(setYearPlanStatus(doc, 'approved', { by: '李建国', at: 10 }).ok).toBe(true);
    expect(setYearPlanStatus(doc, 'sent', { by: '王芳', at: 20 }).ok).toBe(true);
    expect(readYearPlan(doc)).toMatchObject({
      status: 'sent',
      statusBy: '王芳',
      approved: { by: '李建国', at: 10 },
      sent: { by: '王芳', at: 20 },
    });
    // Revised after sending: back to draft, the last approval and sending still on record.
    expect(setYearPlanStatus(doc, 'draft', { by: '李建国', at: 30 }).ok).toBe(true);
    expect(readYearPlan(doc)).toMatchObject({
      status: 'draft',
      approved: { at: 10 },
      sent: { at: 20 },
    });
    expect(setYearPlanStatus(doc, 'draft', { by: '李建国', at: 40 })).toMatchObject({
      ok: false,
      error: { code: 'unchanged' },
    });
  });
});

describe('year plan: rotas in the document', () => {
  it('keeps the order, absences and a month’s pick, and computes the turn from them', () => {
    const doc = newYear();
    for (const group of ['g1', 'g2', 'g3']) placeInRota(doc, 'host', group);
    placeInRota(doc, 'host', 'g3', 0);
    setRotaStart(doc, 'host', 2);
    setRotaAbsent(doc, 'host', 'g1', true, 7);
    setRotaPick(doc, 'host', 12, 'g2');
    const rota = readRota(doc, 'host');
    expect(rota).toEqual({
      start: 2,
      order: ['g3', 'g1', 'g2'],
      absent: [],
      absentIn: { 7: ['g1'] },
      overrides: { 12: 'g2' },
    });
    expect(rotaFor(rota, 2, ['g1', 'g2', 'g3']).id).toBe('g3');
    expect(rotaFor(rota, 12, null)).toMatchObject({ id: 'g2', overridden: true });
    setRotaPick(doc, 'host', 12, null);
    removeFromRota(doc, 'host', 'g1');
    setRotaAbsent(doc, 'host', 'g1', false, 7);
    expect(readRota(doc, 'host')).toMatchObject({
      order: ['g3', 'g2'],
      absentIn: {},
      overrides: {},
    });
    expect(readRota(doc, 'lecture').order).toEqual([]);
  });

  it('merges changes made offline on two phones: a move, an addition and a month’s pick', () => {
    const a = newYear();
    for (const member of ['u1', 'u2', 'u3']) placeInRota(a, 'lecture', member);
    const b = new Y.Doc();
    sync(a, b);
    placeInRota(a, 'lecture', 'u3', 0);
    placeInRota(b, 'lecture', 'u4');
    setRotaPick(b, 'lecture', 3, 'u1');
    setRotaAbsent(a, 'lecture', 'u2', true);
    sync(a, b);
    const rota = readRota(a, 'lecture');
    expect(rota).toEqual(readRota(b, 'lecture'));
    expect(rota.order).toEqual(['u3', 'u1', 'u2', 'u4']);
    expect(
      rotaTurns(rota, null)
        .slice(0, 4)
        .map((t) => t.id),
    ).toEqual(['u3', 'u1', 'u1', 'u3']);
  });
});

describe('year plan: seeded from last year’s, on request', () => {
  function lastYear(): Y.Doc {
    const doc = newYear(2025);
    const next = ids();
    addFixedDay(doc, next, {
      kind: 'themeDay',
      rule: FIRST_TUESDAY,
      title: '主题党日',
      ownerId: 'u-zhou',
    });
    addYearItem(doc, 'leap', { month: 2, kind: 'general', schedule: { date: '2025-02-28' } });
    addYearItem(doc, 'lecture', {
      month: 6,
      kind: 'lecture',
      title: '七一党课',
      speakerId: 'u-li',
      topic: 'thought',
    });
    addYearItem(doc, 'gone', { month: 9, kind: 'study' });
    removeYearItem(doc, 'gone');
    setItemPairedBranch(doc, 'lecture', 'museum', true);
    updateYearItem(doc, 'i2', { status: 'done' });
    moveOccurrence(doc, 'i2', '2025-01-07', '2025-01-14');
    setQuarterFocus(doc, 3, '党性锻炼、革命传统教育');
    for (const g of ['g1', 'g2', 'g3', 'g4', 'g5']) placeInRota(doc, 'host', g);
    setRotaAbsent(doc, 'host', 'g2', true);
    setRotaPick(doc, 'host', 1, 'g5');
    setYearPlanStatus(doc, 'approved', { by: '周洁', at: 1 });
    return doc;
  }

  it('copies the structure — rules, titles, owners, rotas carried on — and none of the facts', () => {
    const from = lastYear();
    const to = newYear(2026);
    expect(seedYearPlan(from, to, { rosters: { host: ['g1', 'g2', 'g3', 'g4', 'g5'] } })).toEqual({
      ok: true,
      value: { items: 14 },
    });
    const plan = readYearPlan(to);
    expect(plan).toMatchObject({ status: 'draft', approved: null, seededFrom: 2025, year: 2026 });
    expect(plan.items).toHaveLength(14);
    const january = itemsOfMonth(plan, 1)[0]!;
    expect(january).toMatchObject({
      title: '主题党日',
      ownerId: 'u-zhou',
      status: 'planned',
      moves: {},
    });
    expect(itemDates(january, 2026)[0]?.date).toBe('2026-01-06');
    expect(itemsOfMonth(plan, 2).find((i) => i.id === 'leap')?.schedule).toEqual({
      date: '2026-02-28',
    });
    expect(itemsOfMonth(plan, 6)[1]).toMatchObject({
      title: '七一党课',
      speakerId: 'u-li',
      topic: 'thought',
      pairedBranchIds: ['museum'],
    });
    expect(plan.quarters[2]).toBe('党性锻炼、革命传统教育');
    // Last year: g2 away all year; g1 g3 g4 g5 in turn, December g5's: this year starts at g1.
    expect(plan.rotas.host).toEqual({
      start: 1,
      order: ['g1', 'g2', 'g3', 'g4', 'g5'],
      absent: [],
      absentIn: {},
      overrides: {},
    });
  });

  it('moves a fixed 29 February of a leap year nowhere: the item waits for a date', () => {
    const from = newYear(2024);
    addYearItem(from, 'feb', { month: 2, kind: 'committee', schedule: { date: '2024-02-29' } });
    const to = newYear(2025);
    seedYearPlan(from, to);
    expect(readYearPlan(to).items[0]).toMatchObject({ id: 'feb', month: 2, schedule: null });
  });

  it('never doubles anything, seeded twice or on two phones at once', () => {
    const from = lastYear();
    const a = newYear(2026);
    const b = newYear(2026);
    seedYearPlan(from, a);
    seedYearPlan(from, b);
    updateYearItem(b, 'lecture', { status: 'done' });
    sync(a, b);
    seedYearPlan(from, a);
    sync(a, b);
    const plan = readYearPlan(a);
    expect(plan).toEqual(readYearPlan(b));
    expect(plan.items).toHaveLength(14);
    expect(plan.items.find((i) => i.id === 'lecture')).toMatchObject({
      title: '七一党课',
      status: 'done',
    });
    expect(plan.quarters[2]).toBe('党性锻炼、革命传统教育');
    expect(plan.rotas.host.order).toHaveLength(5);
  });

  it('keeps what the plan already has: a removed seeded item stays removed', () => {
    const from = lastYear();
    const to = newYear(2026);
    seedYearPlan(from, to);
    removeYearItem(to, 'lecture');
    expect(seedYearPlan(from, to)).toEqual({ ok: true, value: { items: 0 } });
    expect(readYearPlan(to).items.some((i) => i.id === 'lecture')).toBe(false);
  });

  it('seeds from the same branch’s earlier year only', () => {
    const from = lastYear();
    expect(seedYearPlan(from, newYear(2026, 'other'))).toMatchObject({
      ok: false,
      error: { code: 'different-branch' },
    });
    expect(seedYearPlan(from, newYear(2025))).toMatchObject({
      ok: false,
      error: { code: 'not-a-later-year' },
    });
    expect(seedYearPlan(new Y.Doc(), newYear(2026))).toMatchObject({
      ok: false,
      error: { code: 'not-initialised' },
    });
  });
});

// ---- convergence ----

const MEMBERS = ['u1', 'u2', 'u3', 'u4'];
const GROUPS = ['g1', 'g2', 'g3'];
const RULES: DateRule[] = [
  FIRST_TUESDAY,
  FRIDAY_AFTERNOONS,
  { type: 'monthPart', part: 'late' },
  { type: 'nthWeekday', nth: -1, weekday: 4 },
];
const SOURCE = (() => {
  const doc = newYear(2025);
  addFixedDay(doc, ids(), {
    kind: 'themeDay',
    rule: FIRST_TUESDAY,
    title: '主题党日',
  });
  setQuarterFocus(doc, 1, '理论学习');
  for (const g of GROUPS) placeInRota(doc, 'host', g);
  return Y.encodeStateAsUpdate(doc);
})();

function pickItem(doc: Y.Doc, rng: prng.PRNG): string | undefined {
  const items = readYearPlan(doc).items;
  return items.length > 0 ? prng.oneOf(rng, items).id : undefined;
}

const fuzzOps: Op[] = [
  (doc, rng, peer) =>
    addYearItem(doc, `p${peer}-${prng.uint32(rng, 0, 1e9)}`, {
      month: prng.uint32(rng, 1, 12),
      kind: prng.oneOf(rng, [...YEAR_ITEM_KINDS]),
      title: prng.word(rng, 0, 6),
      schedule: prng.bool(rng)
        ? { rule: prng.oneOf(rng, RULES) }
        : { date: `2026-0${prng.uint32(rng, 1, 9)}-1${prng.uint32(rng, 0, 9)}` },
    }),
  (doc, rng, peer) => {
    let n = 0;
    const base = `f${peer}-${prng.uint32(rng, 0, 1e9)}`;
    addFixedDay(doc, () => `${base}-${n++}`, {
      kind: 'themeDay',
      rule: prng.oneOf(rng, RULES),
      months: [prng.uint32(rng, 1, 12), prng.uint32(rng, 1, 12)],
    });
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id)
      updateYearItem(doc, id, {
        status: prng.oneOf(rng, [...YEAR_ITEM_STATUSES]),
        topic: prng.oneOf(rng, [...MATRIX_TOPICS]),
        level: prng.oneOf(rng, [...MATRIX_LEVELS]),
        ownerId: prng.oneOf(rng, MEMBERS),
      });
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id) updateYearItem(doc, id, { title: prng.word(rng, 0, 8) });
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id)
      updateYearItem(doc, id, {
        month: prng.uint32(rng, 1, 12),
        schedule: prng.bool(rng) ? null : { rule: prng.oneOf(rng, RULES) },
      });
  },
  (doc, rng) => {
    const item = readYearPlan(doc).items.find((i) => i.schedule !== null);
    const planned = item && itemDates(item, 2026)[0]?.planned;
    if (item && planned)
      moveOccurrence(
        doc,
        item.id,
        planned,
        prng.bool(rng) ? null : `2026-11-${prng.uint32(rng, 10, 28)}`,
      );
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id) setItemPairedBranch(doc, id, prng.oneOf(rng, ['museum', 'dig']), prng.bool(rng));
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id) removeYearItem(doc, id);
  },
  (doc, rng) => {
    const all = [...doc.getMap('items').keys()].filter((k) => k.endsWith('/deleted'));
    if (all.length > 0) restoreYearItem(doc, prng.oneOf(rng, all).split('/')[0] ?? '');
  },
  (doc, rng) => {
    const id = pickItem(doc, rng);
    if (id)
      updateSeries(doc, readYearPlan(doc).items.find((i) => i.id === id)?.series || 'none', {
        schedule: { rule: prng.oneOf(rng, RULES) },
      });
  },
  (doc, rng) => setQuarterFocus(doc, prng.oneOf(rng, [1, 2, 3, 4] as const), prng.word(rng, 0, 8)),
  // Rotas: concurrent moves, additions, removals, absences and picks are the point here.
  ...Array.from<Op>({ length: 3 }).fill((doc, rng) => {
    const kind = prng.oneOf(rng, [...ROTA_KINDS]);
    const id = prng.oneOf(rng, kind === 'host' ? GROUPS : MEMBERS);
    const order = readRota(doc, kind).order;
    placeInRota(doc, kind, id, prng.uint32(rng, 0, order.length));
  }),
  (doc, rng) => {
    const kind = prng.oneOf(rng, [...ROTA_KINDS]);
    removeFromRota(doc, kind, prng.oneOf(rng, kind === 'host' ? GROUPS : MEMBERS));
  },
  (doc, rng) =>
    setRotaAbsent(
      doc,
      'lecture',
      prng.oneOf(rng, MEMBERS),
      prng.bool(rng),
      prng.bool(rng) ? prng.uint32(rng, 1, 12) : undefined,
    ),
  (doc, rng) =>
    setRotaPick(
      doc,
      'host',
      prng.uint32(rng, 1, 12),
      prng.bool(rng) ? prng.oneOf(rng, GROUPS) : null,
    ),
  (doc, rng) => setRotaStart(doc, prng.oneOf(rng, [...ROTA_KINDS]), prng.uint32(rng, 1, 12)),
  (doc, rng) => {
    const status = readYearPlan(doc).status;
    const next = YEAR_PLAN_STATUSES[YEAR_PLAN_STATUSES.indexOf(status) + 1];
    const to = prng.bool(rng) || !next ? 'draft' : next;
    setYearPlanStatus(doc, to, { by: 'u1', at: prng.uint32(rng, 1, 1e6) });
  },
  (doc) => {
    const from = new Y.Doc();
    Y.applyUpdate(from, SOURCE);
    seedYearPlan(from, doc, { rosters: { host: GROUPS } });
  },
];

function validate(plan: YearPlan): void {
  const itemIds = plan.items.map((i) => i.id);
  expect(new Set(itemIds).size, 'each item once').toBe(itemIds.length);
  for (let i = 1; i < plan.items.length; i++)
    expect(plan.items[i - 1]!.month, 'items by month').toBeLessThanOrEqual(plan.items[i]!.month);
  for (const item of plan.items) {
    expect(item.month).toBeGreaterThanOrEqual(1);
    expect(item.month).toBeLessThanOrEqual(12);
    for (const date of itemDates(item, plan.year)) expect(date.date).toMatch(/^\d{4}-\d\d-\d\d$/);
  }
  for (const kind of ROTA_KINDS) {
    const { order } = plan.rotas[kind];
    expect(new Set(order).size, `${kind} rota lists each once`).toBe(order.length);
    for (const turn of rotaTurns(plan.rotas[kind], null))
      if (turn.id !== null && !turn.overridden) expect(order).toContain(turn.id);
  }
  // The seed's texts were seeded as one change on every device: never doubled.
  expect(plan.quarters[0]).not.toContain('理论学习理论学习');
  expect(YEAR_PLAN_STATUSES).toContain(plan.status);
}

describe('year plan convergence (seeded fuzz)', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('seed %i converges', (seed) => {
    const { view } = runConvergence<YearPlan>({
      seed,
      peers: 2 + (seed % 3),
      rounds: 20,
      // Not registered: every committee phone names the doc on its first write, offline too.
      init: (doc) => {
        initYearPlan(doc, { branchId: 'kgs', year: 2026 });
        readYearPlan(doc);
      },
      ops: fuzzOps,
      view: readYearPlan,
      validate,
    });
    expect(view).toMatchObject({ branchId: 'kgs', year: 2026 });
  });
});
