import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MeetingInputRejected,
  SCHEMA_VERSION,
  initMeeting,
  ledgerRows,
  metaMap,
  readMeta,
} from '@branchbook/model';
import { openDoc } from '$lib/sync/open-doc.ts';
import { MeetingState } from './meeting.svelte.ts';

/**
 * The recorder's agenda and spending on a meeting record: topics typed through the shared text
 * (so two recorders merge character-wise), reordered and removed; spending lines whose total is
 * what the ledger reads; and the schema the writes claim.
 */

async function opened(id: string): Promise<MeetingState> {
  const session = openDoc('meeting', id, null);
  await session.ready;
  initMeeting(session.doc, { id, branchId: 'b1', kind: 'general', date: '2026-11-20' });
  return new MeetingState(session);
}

const origin = {};

describe('MeetingState: agenda and spending', () => {
  beforeEach(() => vi.stubGlobal('window', new EventTarget()));
  afterEach(() => vi.unstubAllGlobals());

  it('adds, types, reorders and removes agenda topics', async () => {
    const meeting = await opened('m-agenda');
    const first = meeting.addEntry('agenda', {});
    const second = meeting.addEntry('agenda', { title: '讨论发展党员' });
    // Typed through the input binding's field: one change, applied in one transaction.
    const field = meeting.textField({ list: 'agenda', id: first, key: 'title' });
    field.edit({ index: 0, remove: 0, insert: '传达上级精神' }, origin);
    expect(field.read()).toBe('传达上级精神');
    expect(meeting.record.agenda.map((t) => t.title)).toEqual(['传达上级精神', '讨论发展党员']);
    meeting.moveEntry('agenda', second, 0);
    expect(meeting.record.agenda.map((t) => t.id)).toEqual([second, first]);
    meeting.removeEntry('agenda', second);
    expect(meeting.record.agenda.map((t) => t.title)).toEqual(['传达上级精神']);
    // A character-wise text: schema-1 apps may no longer write the record.
    expect(readMeta(meeting.session.doc)).toMatchObject({
      schemaVersion: SCHEMA_VERSION.meeting,
      minWriterVersion: 2,
    });
    await meeting.session.destroy();
  });

  it('totals the spending lines, which the ledger row reads, and refuses what is no amount', async () => {
    const meeting = await opened('m-spending');
    const paper = meeting.addEntry('spending', { amountFen: 0 });
    meeting
      .textField({ list: 'spending', id: paper, key: 'item' })
      .edit({ index: 0, remove: 0, insert: '学习资料印制' }, origin);
    meeting.updateEntry('spending', paper, { amountFen: 12050 });
    meeting.addEntry('spending', { item: '茶水', amountFen: 1500 });
    expect(meeting.record.spending.map((l) => [l.item, l.amountFen])).toEqual([
      ['学习资料印制', 12050],
      ['茶水', 1500],
    ]);
    expect(meeting.record.spendingFen).toBe(13550);
    meeting.update({ status: 'held' });
    const [row] = ledgerRows({ meetings: [meeting.record], plans: [], manual: [] }, { year: 2026 });
    expect(row?.spendingFen).toBe(13550);
    expect(() => meeting.updateEntry('spending', paper, { amountFen: -100 })).toThrow(
      MeetingInputRejected,
    );
    expect(meeting.record.spendingFen).toBe(13550);
    await meeting.session.destroy();
  });

  it('stays writable for schema-1 apps until a text is typed, and knows a newer writer', async () => {
    const meeting = await opened('m-schema');
    meeting.update({ place: '项目部' });
    meeting.addEntry('spending', { amountFen: 500 });
    expect(readMeta(meeting.session.doc)).toMatchObject({ minWriterVersion: 1 });
    expect(meeting.schemaWritable).toBe(true);
    metaMap(meeting.session.doc).set('minWriterVersion', SCHEMA_VERSION.meeting + 1);
    expect(meeting.schemaWritable).toBe(false);
    await meeting.session.destroy();
  });
});
