import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveVersion } from '@branchbook/model';
import { openDoc } from './open-doc.ts';

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DocSession on this device (fake-indexeddb)', () => {
  it('keeps what was written across a close and a new session', async () => {
    const first = openDoc('study', 'u1', null);
    await first.ready;
    expect(first.localStore).toBe('ready');
    expect(first.syncState).toBe('device');
    first.doc.getMap('entries').set('e1', '学习党章');
    expect(first.savedLocally).toBe(false);
    await first.flushed();
    await vi.waitFor(() => expect(first.savedLocally).toBe(true));
    await first.destroy();

    const again = openDoc('study', 'u1', null);
    await again.ready;
    expect(again.doc.getMap('entries').get('e1')).toBe('学习党章');
    await again.destroy();
  });

  it('builds each kind with its options from the table: a lesson keeps history for versions', async () => {
    const lesson = openDoc('lesson', 'l1', null);
    const plan = openDoc('plan', 'p1', null);
    expect(lesson.name).toBe('lesson:l1');
    expect(lesson.doc.gc).toBe(false);
    expect(plan.doc.gc).toBe(true);
    expect(saveVersion(lesson.doc, { id: 'v1', name: '初稿', at: 1, by: 'u1' }).ok).toBe(true);
    await Promise.all([lesson.destroy(), plan.destroy()]);
    expect(() => openDoc('plan', 'not an id', null)).toThrow(/invalid document id/);
  });
});
