import { describe, expect, it } from 'vitest';
import type { DocName } from '@branchbook/model';
import { memoryStorage } from '$lib/device/storage.ts';
import type { DocSession } from './doc-session.svelte.ts';
import type { SyncState } from './sync-state.ts';
import { WaitingDocs } from './waiting-docs.svelte.ts';
import { WaitingSender } from './send-waiting.ts';

/** A session as the sender sees it; the test plays the server by setting its state. */
class FakeSession {
  syncState: SyncState = $state('connecting');
  refusedWith: number | null = $state(null);
  ready = Promise.resolve();
  destroyed = false;
  constructor(readonly name: string) {}
  destroy() {
    this.destroyed = true;
    return Promise.resolve();
  }
}

function setup(names: string[]) {
  const waiting = new WaitingDocs(memoryStorage());
  for (const name of names) waiting.mark(name, true);
  const opened: FakeSession[] = [];
  let clock = 0;
  let answer: (session: FakeSession) => void = (session) => {
    session.syncState = 'synced';
    // As the real session does once the server confirms.
    waiting.mark(session.name, false);
  };
  const sender = new WaitingSender(waiting, {
    open: (name: DocName) => {
      const session = new FakeSession(`${name.kind}:${name.id}`);
      opened.push(session);
      queueMicrotask(() => answer(session));
      return session as unknown as DocSession;
    },
    timeoutMs: 20,
    retryAfterMs: 1_000,
    now: () => clock,
  });
  return {
    waiting,
    opened,
    sender,
    tick: (ms: number) => (clock += ms),
    answerWith: (fn: (session: FakeSession) => void) => (answer = fn),
  };
}

describe('WaitingSender', () => {
  it('opens each closed waiting doc until the server has it, then closes it', async () => {
    const { waiting, opened, sender } = setup(['plan:p1', 'lesson:l1', 'study:u1']);
    const closeStudy = waiting.opened('study:u1');
    await sender.kick();
    expect(opened.map((s) => s.name)).toEqual(['plan:p1', 'lesson:l1']);
    expect(opened.every((s) => s.destroyed)).toBe(true);
    expect(waiting.names).toEqual(['study:u1']);
    closeStudy();
  });

  it('leaves a doc the server did not take until a minute later, and one it refused', async () => {
    const { waiting, opened, sender, tick, answerWith } = setup(['plan:p1', 'plan:p2']);
    answerWith((session) => {
      if (session.name === 'plan:p2') session.refusedWith = 4413;
      // p1: no answer (the server is slow or away): the wait times out.
    });
    await sender.kick();
    expect(opened.map((s) => s.name)).toEqual(['plan:p1', 'plan:p2']);
    await sender.kick();
    expect(opened).toHaveLength(2);
    tick(1_000);
    answerWith((session) => {
      session.syncState = 'synced';
      waiting.mark(session.name, false);
    });
    await sender.kick();
    expect(opened.map((s) => s.name)).toEqual(['plan:p1', 'plan:p2', 'plan:p1', 'plan:p2']);
    expect(waiting.count).toBe(0);
  });

  it('forgets names that are no document, and stops while the account cannot sync', async () => {
    const waiting = new WaitingDocs(memoryStorage());
    waiting.mark('not a doc', true);
    waiting.mark('plan:p1', true);
    const sender = new WaitingSender(waiting, { open: () => null });
    await sender.kick();
    expect(waiting.names).toEqual(['plan:p1']);
  });

  it('runs once at a time: a kick during a run runs again after it', async () => {
    const { opened, sender, waiting } = setup(['plan:p1']);
    const first = sender.kick();
    waiting.mark('plan:p2', true);
    void sender.kick();
    await first;
    await sender.kick();
    expect(opened.map((s) => s.name)).toEqual(['plan:p1', 'plan:p2']);
  });
});
