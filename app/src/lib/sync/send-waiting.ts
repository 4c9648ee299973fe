import { parseDocName, type DocName } from '@branchbook/model';
import type { DocSession } from './doc-session.svelte.ts';
import type { WaitingDocs } from './waiting-docs.svelte.ts';
import { whenSynced } from './when-synced.svelte.ts';

export interface SendWaitingOptions {
  /** Opens a doc synced with the server (`AccountState.openDoc`); null while that is not possible. */
  open: (name: DocName) => DocSession | null;
  /** How long one doc may take before the next is tried; default 15 s. */
  timeoutMs?: number;
  /** A doc tried without success is not opened again before this; default a minute. */
  retryAfterMs?: number;
  now?: () => number;
}

/**
 * Sends the server what closed documents hold for it: when the server is reachable again, each
 * doc in `WaitingDocs` that no screen has open is opened in the background, one at a time, until
 * the server confirms it (or refuses it), then closed — so a plan edited at the camp reaches the
 * paired branch when the phone finds signal, not when its secretary next opens that plan.
 *
 * @example
 * const sender = new WaitingSender(waitingDocs(), { open: (name) => account.openDoc(name.kind, name.id) });
 * account.onServerReached(() => void sender.kick());
 */
export class WaitingSender {
  readonly #waiting: WaitingDocs;
  readonly #options: SendWaitingOptions;
  /** When each doc was last tried. Not state: nothing renders from it. */
  readonly #tried = new Map<string, number>();
  #running: Promise<void> | null = null;
  #again = false;

  constructor(waiting: WaitingDocs, options: SendWaitingOptions) {
    this.#waiting = waiting;
    this.#options = options;
  }

  /** Tries every waiting closed doc not tried in the last `retryAfterMs`; one run at a time. */
  kick(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#runOnce().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.kick();
      }
    });
    return this.#running;
  }

  async #runOnce(): Promise<void> {
    const now = this.#options.now ?? Date.now;
    const retryAfter = this.#options.retryAfterMs ?? 60_000;
    for (const name of this.#waiting.closedWaiting()) {
      const tried = this.#tried.get(name);
      if (tried !== undefined && now() - tried < retryAfter) continue;
      const parsed = parseDocName(name);
      if (!parsed.ok) {
        this.#waiting.mark(name, false);
        continue;
      }
      // Opened by a screen meanwhile: it syncs itself.
      if (!this.#waiting.closedWaiting().includes(name)) continue;
      const session = this.#options.open(parsed.value);
      if (!session) return;
      this.#tried.set(name, now());
      try {
        await session.ready;
        if (await whenSynced(session, this.#options.timeoutMs ?? 15_000)) this.#tried.delete(name);
      } finally {
        await session.destroy();
      }
    }
  }
}
