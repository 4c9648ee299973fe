import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$lib/device/storage.ts';
import { WAITING_DOCS_KEY, WaitingDocs } from './waiting-docs.svelte.ts';

describe('WaitingDocs', () => {
  it('keeps its marks on the device, for the next page load', () => {
    const storage = memoryStorage();
    const waiting = new WaitingDocs(storage);
    waiting.mark('study:u1', true);
    waiting.mark('plan:p1', true);
    waiting.mark('study:u1', true);
    expect(waiting.count).toBe(2);
    waiting.mark('study:u1', false);
    expect(new WaitingDocs(storage).names).toEqual(['plan:p1']);
    waiting.mark('plan:p1', false);
    expect(storage.data.has(WAITING_DOCS_KEY)).toBe(false);
  });

  it("keeps another tab's marks when it marks its own", () => {
    const storage = memoryStorage();
    const here = new WaitingDocs(storage);
    const there = new WaitingDocs(storage);
    there.mark('plan:p1', true);
    here.mark('lesson:l1', true);
    here.reload();
    expect([...here.names].sort()).toEqual(['lesson:l1', 'plan:p1']);
  });

  it('lists only the waiting docs no session of this tab holds', () => {
    const waiting = new WaitingDocs(memoryStorage());
    waiting.mark('study:u1', true);
    waiting.mark('plan:p1', true);
    const closeFirst = waiting.opened('study:u1');
    const closeSecond = waiting.opened('study:u1');
    expect(waiting.closedWaiting()).toEqual(['plan:p1']);
    closeFirst();
    closeFirst();
    expect(waiting.closedWaiting()).toEqual(['plan:p1']);
    closeSecond();
    expect(waiting.closedWaiting()).toEqual(['study:u1', 'plan:p1']);
  });

  it('reads damaged or foreign storage as nothing waiting', () => {
    expect(new WaitingDocs(memoryStorage({ [WAITING_DOCS_KEY]: '{oops' })).count).toBe(0);
    expect(
      new WaitingDocs(memoryStorage({ [WAITING_DOCS_KEY]: '[1,"plan:p1","plan:p1"]' })).names,
    ).toEqual(['plan:p1']);
  });
});
