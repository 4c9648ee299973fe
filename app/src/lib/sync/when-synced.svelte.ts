import type { DocSession } from './doc-session.svelte.ts';

/**
 * Resolves true once the server has confirmed it stored everything in `session` (its sync state
 * is "synced"), or false when the server refuses the doc or after `timeoutMs` — e.g. before closing a document written in
 * passing (a plan's carried items, a theme day's headcount), so others see the change now
 * rather than the next time this device opens it.
 */
export function whenSynced(session: DocSession, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const stop = $effect.root(() => {
      $effect(() => {
        if (session.syncState === 'synced') finish(true);
        else if (session.refusedWith !== null) finish(false);
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
