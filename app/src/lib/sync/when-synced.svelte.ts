import type { DocSession } from './doc-session.svelte.ts';

/**
 * Resolves true once the server has confirmed it stored everything in `session` (its sync state
 * is "synced"), or false when the server refuses the doc or after `timeoutMs` — e.g. before
 * closing a document written in passing (a plan's carried items, a theme day's headcount), so others see the change now
 * rather than the next time this device opens it.
 */
export function whenSynced(session: DocSession, timeoutMs: number): Promise<boolean> {
  return until(
    () => session.syncState === 'synced',
    timeoutMs,
    () => session.refusedWith !== null,
  );
}

/**
 * Resolves true once `condition` (read from runes) holds, or false once `giveUp` holds or after
 * `timeoutMs` — e.g. waiting for a member's log to arrive from the server before adding up the
 * branch's 学时.
 */
export function until(
  condition: () => boolean,
  timeoutMs: number,
  giveUp?: () => boolean,
): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const stop = $effect.root(() => {
      $effect(() => {
        if (condition()) finish(true);
        else if (giveUp?.()) finish(false);
      });
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(value: boolean) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(stop);
      resolve(value);
    }
  });
}
