import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  MEETING_RICH_TEXT,
  initLesson,
  initMeeting,
  initPlan,
  readMeeting,
  readPlan,
  setAttendee,
  setPlanStatus,
  updateLesson,
  updateMeeting,
  updatePlan,
} from '@branchbook/model';
import { openDoc } from '$lib/sync/open-doc.ts';
import { plansZhCN } from '$lib/i18n/plans.zh-CN.ts';
import type { Translate } from '$lib/i18n/translate.ts';
import {
  BinderBuild,
  binderProgressText,
  type BinderProgress,
  type BinderSources,
} from './binder-build.svelte.ts';
import { RANKING_WORDS, testTranslate } from './test-messages.ts';

/**
 * The binder's build reads each document from the device (fake-indexeddb here, as a phone
 * offline), one at a time with its progress, and names what it cannot read.
 */

const t: Translate = (key, options) =>
  key.startsWith('jointPlans.')
    ? lookup(plansZhCN, key, options?.values ?? {})
    : testTranslate(key, options);

function lookup(messages: unknown, key: string, values: Record<string, string | number>): string {
  let node = messages;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no message ${key}`);
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

async function onDevice(
  kind: 'meeting' | 'plan' | 'lesson',
  id: string,
  write: (doc: Y.Doc) => void,
) {
  const session = openDoc(kind, id, null);
  await session.ready;
  write(session.doc);
  await session.flushed();
  const copy = session.doc;
  await session.destroy();
  return copy;
}

function said(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(MEETING_RICH_TEXT.points).insert(0, [paragraph]);
}

describe('BinderBuild', () => {
  beforeEach(() => vi.stubGlobal('window', new EventTarget()));
  afterEach(() => vi.unstubAllGlobals());

  it('reads each held record, plan and lesson of the period with its progress, naming what is not here', async () => {
    const records = await Promise.all(
      [
        ['m1', '2026-11-20', '周洁：要把支部建在考古工地上。'],
        ['m2', '2026-03-02', '王建华：研究发展党员工作。'],
      ].map(([id = '', date = '', text = '']) =>
        onDevice('meeting', id, (doc) => {
          initMeeting(doc, { id, branchId: 'b1', kind: 'general', date });
          setAttendee(doc, 'u1', { name: '周洁', status: 'present' });
          updateMeeting(doc, { status: 'held', place: '项目部' });
          said(doc, text);
        }),
      ),
    );
    const plan = await onDevice('plan', 'p1', (doc) => {
      initPlan(doc, { id: 'p1', leadBranchId: 'b1', branchIds: ['b1'], month: '2026-05' });
      updatePlan(doc, { theme: '走进考古工地', date: '2026-05-20' });
      setPlanStatus(doc, 'agreed', { by: 'u1', at: 1 });
    });
    await onDevice('lesson', 'l1', (doc) => {
      initLesson(doc, { id: 'l1', authorId: 'u1', type: 'micro' });
      updateLesson(doc, { title: '在考古工地上的一堂微党课', speaker: '周洁', date: '2026-07-01' });
    });

    const seen: BinderProgress[] = [];
    const opened: string[] = [];
    let build: BinderBuild | null = null;
    build = new BinderBuild({
      open: (kind, id) => {
        opened.push(`${kind}:${id}`);
        return openDoc(kind, id, null);
      },
      timeoutMs: () => 50,
      pause: async () => {
        if (build?.progress) seen.push({ ...build.progress });
      },
    });
    const gone = {
      ...readMeeting(new Y.Doc()),
      id: 'gone',
      status: 'held' as const,
      date: '2026-06-01',
    };
    const sources: BinderSources = {
      period: { year: 2026 },
      branchName: '考古工地临时党支部',
      today: '2026-12-01',
      ledger: [],
      records: [
        ...records.map((doc) => ({ record: readMeeting(doc), localOnly: false })),
        // Read for the ledger once, gone from the device since: named, not skipped.
        { record: { ...gone, kind: 'committee' }, localOnly: false },
      ],
      plans: [{ plan: readPlan(plan), localOnly: false }],
      lessons: [
        { id: 'l1', localOnly: false },
        { id: 'nowhere', localOnly: false },
      ],
      missing: [{ type: 'meeting', kind: 'group', date: '' }],
      study: () => Promise.resolve({ roster: true, rows: [] }),
      plan: { locale: 'zh-CN', branchName: () => '考古工地临时党支部' },
    };

    expect(await build.build(sources, t)).toBeNull();
    expect(seen).toEqual([
      { stage: 'records', done: 1, total: 3 },
      { stage: 'records', done: 2, total: 3 },
      { stage: 'records', done: 3, total: 3 },
      { stage: 'plans', done: 1, total: 1 },
      { stage: 'lessons', done: 1, total: 2 },
      { stage: 'lessons', done: 2, total: 2 },
      { stage: 'study', done: 0, total: 1 },
    ]);
    expect(build.progress).toBeNull();
    const binder = build.document;
    expect(binder?.sections.map((s) => s.id)).toEqual([
      'cover',
      'ledger',
      'record-m2',
      'record-m1',
      'study',
      'lessons',
      'plan-p1',
    ]);
    const text = JSON.stringify(binder);
    expect(text).toContain('周洁：要把支部建在考古工地上。');
    expect(text).toContain('在考古工地上的一堂微党课');
    // The plan as its own print view lays it out.
    expect(text).toContain('“1+1+X”主题党日活动方案');
    expect(text).toContain(
      '还有 3 份记录本设备上没有，未能收入：党小组会（日期不详）、支委会（2026年6月1日）、党课讲稿一篇（日期不详）。',
    );
    expect(text).not.toMatch(RANKING_WORDS);
    expect(opened).toEqual([
      'meeting:m1',
      'meeting:m2',
      'meeting:gone',
      'plan:p1',
      'lesson:l1',
      'lesson:nowhere',
    ]);

    // The Word file of what was built.
    let saved: Blob | null = null;
    expect(await build.word((blob) => (saved = blob))).toBeNull();
    expect(saved).not.toBeNull();
    expect(seen.at(-1)).toEqual({ stage: 'writing', done: 0, total: 1 });

    // Another period: the binder is forgotten until built again.
    build.reset();
    expect(build.document).toBeNull();
  });

  it('drops a build superseded by another period, and builds that one', async () => {
    const build = new BinderBuild({
      open: (kind, id) => openDoc(kind, id, null),
      timeoutMs: () => 10,
    });
    const empty = (quarter?: number): BinderSources => ({
      period: quarter === undefined ? { year: 2026 } : { year: 2026, quarter },
      branchName: '支部',
      today: '2026-12-01',
      ledger: [],
      records: [],
      plans: [],
      lessons: [{ id: 'nowhere', localOnly: false }],
      missing: [],
      study: () => Promise.resolve({ roster: false, rows: [] }),
      plan: { locale: 'zh-CN', branchName: () => '' },
    });
    const first = build.build(empty(), t);
    const second = build.build(empty(4), t);
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    expect(build.document?.title).toBe('2026年第四季度支部工作资料汇编');
  });

  it('says how far it is', () => {
    expect(binderProgressText({ stage: 'records', done: 3, total: 12 }, t)).toBe(
      '正在整理 3/12 份记录…',
    );
  });
});
