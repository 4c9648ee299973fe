import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEntry, listEntries, stampMeta, studyLog } from '@branchbook/model';
import { mergeDocInto } from './merge-docs.ts';

describe('mergeDocInto', () => {
  it('adds what the device recorded to the account log, keeping both sides', () => {
    const device = new Y.Doc();
    stampMeta(device, 'study');
    addEntry(studyLog(device), 'd1', { date: '2026-04-01', minutes: 60, form: 'group' });
    const account = new Y.Doc();
    stampMeta(account, 'study');
    addEntry(studyLog(account), 'a1', { date: '2026-03-01', minutes: 120, form: 'lecture' });

    expect(mergeDocInto(account, device)).toBe(true);
    expect(listEntries(studyLog(account)).map((e) => e.id)).toEqual(['d1', 'a1']);
    // Twice is the same as once.
    mergeDocInto(account, device);
    expect(listEntries(studyLog(account))).toHaveLength(2);
  });

  it('reports an empty device log as nothing to merge', () => {
    expect(mergeDocInto(new Y.Doc(), new Y.Doc())).toBe(false);
  });
});
