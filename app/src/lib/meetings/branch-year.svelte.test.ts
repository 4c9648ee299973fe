import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addMeetingEntry,
  expectMembers,
  initMeeting,
  initPlan,
  setAttendee,
  setPlanStatus,
  updateMeeting,
  updatePlan,
} from '@branchbook/model';
import { memoryStorage } from '$lib/device/storage.ts';
import { openDoc } from '$lib/sync/open-doc.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';
import { meetingsZhCN } from '$lib/i18n/meetings.zh-CN.ts';
import { reportZhCN } from '$lib/i18n/report.zh-CN.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import { BranchYearState } from './branch-year.svelte.ts';
import { reportDraft } from './report-document.ts';
import { readReportEdits, reportEditsKey, writeReportEdits } from './report-edits.ts';

/**
 * The one loader behind the ledger and the monthly report: records and plans read once from
 * their documents (fake-indexeddb here, as on a device offline), manual rows live from the
 * branch document, and the two views derived from the same facts.
 */

async function withDoc(kind: 'meeting' | 'plan', id: string, write: (s: DocSession) => void) {
  const session = openDoc(kind, id, null);
  await session.ready;
  write(session);
  await session.flushed();
  await session.destroy();
}

async function heldMeeting(id: string, branchId: string, date: string) {
  await withDoc('meeting', id, ({ doc }) => {
    initMeeting(doc, { id, branchId, kind: 'general', date });
    expectMembers(doc, [
      { userId: 'u1', name: '周洁' },
      { userId: 'u2', name: '孙丽' },
    ]);
    setAttendee(doc, 'u1', { status: 'present' });
    setAttendee(doc, 'u2', { status: 'absent', reason: '值守' });
    updateMeeting(doc, { status: 'held', studyTitle: '学习党章', credit: 2, place: '项目部' });
    addMeetingEntry(doc, 'agreed', 'a1', { text: '整理发掘日志', owner: '周洁' });
  });
}

const opened: string[] = [];
const open = (kind: 'meeting' | 'plan' | 'branch', id: string) => {
  opened.push(`${kind}:${id}`);
  return openDoc(kind, id, null);
};

const t: Translate = (key, options) => {
  let node: unknown = { meeting: meetingsZhCN, monthlyReport: reportZhCN };
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no message ${key}`);
  const values = options?.values ?? {};
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
};

describe('BranchYearState', () => {
  // A document session listens for the browser going on- and offline.
  beforeEach(() => vi.stubGlobal('window', new EventTarget()));
  afterEach(() => vi.unstubAllGlobals());

  it('reads the listed records and plans once, with the manual rows, into ledger and report', async () => {
    await heldMeeting('m1', 'b1', '2026-11-20');
    // Listed on the device but of another branch (a member of two): not this branch's ledger.
    await heldMeeting('m2', 'b9', '2026-11-21');
    await withDoc('plan', 'p1', ({ doc }) => {
      initPlan(doc, { id: 'p1', leadBranchId: 'b1', branchIds: ['b1', 'b2'], month: '2026-12' });
      updatePlan(doc, { theme: '走进博物馆', date: '2026-12-05' });
      setPlanStatus(doc, 'agreed', { by: 'u1', at: 1 });
    });

    const year = new BranchYearState('b1', { open, timeoutMs: 200 });
    await year.branch.ready;
    year.addManual({
      date: '2026-03-02',
      place: '会议室',
      theme: '纸面记录的支委会',
      chair: '周洁',
      recorder: '孙丽',
      expected: 3,
      present: 3,
      summary: '',
      credit: 0,
      spendingFen: 0,
    });
    const listed = {
      meetings: [
        { id: 'm1', localOnly: false },
        { id: 'm2', localOnly: false },
        // Named by the server's list, never on this device, and the server out of reach.
        { id: 'gone', localOnly: false },
      ],
      plans: [{ id: 'p1', localOnly: false }],
    };
    // The binder waits for the lists' documents before it reads them again.
    let loaded = false;
    const whenLoaded = year.loaded().then(() => (loaded = true));
    await year.branch.ready;
    expect(loaded).toBe(false);
    await year.load(listed);
    await whenLoaded;
    expect(loaded).toBe(true);
    expect(year.loading).toBe(false);
    expect(year.missing).toBe(1);
    // Named, so the binder can say which record it lacks.
    expect(year.unread).toEqual([{ kind: 'meeting', id: 'gone' }]);
    expect(year.meetings.map((m) => m.id)).toEqual(['m1']);

    const rows = year.ledger({ year: 2026 });
    expect(rows.map((r) => [r.number, r.source.type, r.date])).toEqual([
      [1, 'manual', '2026-03-02'],
      [2, 'meeting', '2026-11-20'],
    ]);
    expect(rows[1]).toMatchObject({ expected: 2, present: 1, absent: 1, credit: 2 });
    expect(year.ledger({ year: 2026, quarter: 4 }).map((r) => r.number)).toEqual([2]);
    expect(year.years(2027)).toEqual([2027, 2026]);

    const report = year.report('2026-12');
    expect(report.held.map((r) => r.source.id)).toEqual(['m1']);
    expect(report.scheduled.map((s) => s.source.id)).toEqual(['p1']);
    expect(report.openItems.map((i) => i.text)).toEqual(['整理发掘日志']);
    const draft = reportDraft(report, t);
    expect(draft.held).toContain('支部党员大会“学习党章”');

    // Loading again reads only what is new; a record no longer listed leaves.
    opened.length = 0;
    await year.load({ meetings: [{ id: 'm1', localOnly: false }], plans: listed.plans });
    expect(opened).toEqual([]);
    await year.load({ meetings: [], plans: listed.plans });
    expect(year.ledger({ year: 2026 }).map((r) => r.source.type)).toEqual(['manual']);

    // The manual row is removed from the branch document, and the ledger follows.
    const manualId = year.manual[0]?.id ?? '';
    year.removeManual(manualId);
    expect(year.manual).toEqual([]);
    expect(year.ledger({ year: 2026 })).toEqual([]);
    await year.destroy();
  });

  it('lets a later load supersede one still reading', async () => {
    await heldMeeting('m3', 'b1', '2026-05-04');
    const year = new BranchYearState('b1', { open, timeoutMs: 200 });
    const slow = year.load({ meetings: [{ id: 'never', localOnly: false }], plans: [] });
    await year.load({ meetings: [{ id: 'm3', localOnly: false }], plans: [] });
    await slow;
    expect(year.meetings.map((m) => m.id)).toEqual(['m3']);
    expect(year.missing).toBe(0);
    await year.destroy();
  });
});

describe('report edits on the device', () => {
  it('keeps edits per branch and month, and forgets them on regenerate', () => {
    const storage = memoryStorage();
    const draft = { held: '1. 改过的', scheduled: '', followUp: '' };
    writeReportEdits(storage, 'u1', 'b1', '2026-12', draft);
    writeReportEdits(storage, 'u1', 'b2', '2026-12', { ...draft, held: '另一个支部' });
    expect(readReportEdits(storage, 'u1', 'b1', '2026-12')).toEqual(draft);
    expect(readReportEdits(storage, 'u1', 'b1', '2026-11')).toBeNull();
    expect(readReportEdits(storage, 'u2', 'b1', '2026-12')).toBeNull();
    writeReportEdits(storage, 'u1', 'b1', '2026-12', null);
    expect(readReportEdits(storage, 'u1', 'b1', '2026-12')).toBeNull();
    writeReportEdits(storage, 'u1', 'b2', '2026-12', null);
    expect(storage.data.has(reportEditsKey('u1'))).toBe(false);
  });

  it('drops what it cannot read', () => {
    const storage = memoryStorage({
      [reportEditsKey('u1')]: JSON.stringify({ 'b1 2026-12': { held: 3 }, x: 'y' }),
    });
    expect(readReportEdits(storage, 'u1', 'b1', '2026-12')).toBeNull();
    expect(readReportEdits(memoryStorage({ [reportEditsKey('u1')]: '{' }), 'u1', 'b', 'm')).toBe(
      null,
    );
  });
});
