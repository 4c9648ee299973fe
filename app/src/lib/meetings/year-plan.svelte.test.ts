import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addFixedDay,
  initYearPlan,
  placeInRota,
  readMeta,
  readYearPlan,
  type Subject,
} from '@branchbook/model';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import { YearPlanState } from './year-plan.svelte.ts';

/**
 * The year plan's screen state over a real document session (fake-indexeddb, as on a device
 * offline): the access rule decides who writes, and the first write names the plan.
 */

const secretary: Subject = {
  userId: 'zhou',
  memberships: [{ branchId: 'kgs', role: 'secretary' }],
};
const member: Subject = { userId: 'li', memberships: [{ branchId: 'kgs', role: 'member' }] };

const sessions: DocSession[] = [];
function state(subject: Subject, year = 2026) {
  return new YearPlanState('kgs', year, {
    open: (id) => {
      const session = openDoc('yearplan', id, null);
      sessions.push(session);
      return session;
    },
    subject: () => subject,
    userName: subject.userId,
  });
}

describe('YearPlanState', () => {
  // A document session listens for the browser going on- and offline.
  beforeEach(() => vi.stubGlobal('window', new EventTarget()));
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()));
    vi.unstubAllGlobals();
  });

  it('lets the committee write; its first write names the plan', async () => {
    const plan = state(secretary);
    await plan.session.ready;
    expect(plan.session.name).toBe('yearplan:kgs-2026');
    expect(plan.canEdit).toBe(true);
    const series = plan.addFixedDay({
      kind: 'themeDay',
      rule: { type: 'nthWeekday', nth: 1, weekday: 2 },
    });
    const read = readYearPlan(plan.session.doc);
    expect(read).toMatchObject({ branchId: 'kgs', year: 2026 });
    expect(read.items.filter((i) => i.series === series)).toHaveLength(12);
    expect(readMeta(plan.session.doc).kind).toBe('yearplan');
    expect(plan.setStatus('approved', 5)).toBe(true);
    expect(plan.nextStatuses).toEqual(['draft', 'sent']);
  });

  it('keeps a member to reading: every write is refused before it reaches the document', async () => {
    // A year nobody wrote yet on this (fake) device.
    const plan = state(member, 2027);
    await plan.session.ready;
    expect(plan.canEdit).toBe(false);
    expect(() => plan.addItem({ month: 1, kind: 'general' })).toThrow(/read-only/);
    expect(() => plan.setStatus('approved')).toThrow(/read-only/);
    expect(() => plan.placeInRota('host', 'g1')).toThrow(/read-only/);
    await expect(plan.seedFromLastYear({})).rejects.toThrow(/read-only/);
    // Nothing written: no client has a single change in the document.
    expect(plan.session.doc.store.clients.size).toBe(0);
  });

  it('seeds from last year’s plan on this device, the rota carried on', async () => {
    const last = openDoc('yearplan', 'kgs-2028', null);
    await last.ready;
    initYearPlan(last.doc, { branchId: 'kgs', year: 2028 });
    let n = 0;
    addFixedDay(last.doc, () => `s${n++}`, {
      kind: 'themeDay',
      rule: { type: 'monthPart', part: 'late' },
    });
    for (const g of ['g1', 'g2', 'g3', 'g4', 'g5']) placeInRota(last.doc, 'host', g);
    await last.flushed();
    await last.destroy();

    const plan = state(secretary, 2029);
    await plan.session.ready;
    expect(await plan.seedFromLastYear({ host: ['g1', 'g2', 'g3', 'g4', 'g5'] })).toEqual({
      ok: true,
      value: { items: 12 },
    });
    // Twelve turns over five groups: December 2028 was g2's, so 2029 starts with g3.
    expect(plan.plan.rotas.host.order).toEqual(['g3', 'g4', 'g5', 'g1', 'g2']);
    expect(plan.plan.seededFrom).toBe(2028);
  });

  it('says so when last year’s plan is nowhere to be had', async () => {
    const plan = state(secretary, 2031);
    await plan.session.ready;
    expect(await plan.seedFromLastYear({}, 50)).toEqual({ ok: false, error: { code: 'missing' } });
    expect(readYearPlan(plan.session.doc).items).toEqual([]);
  });
});
