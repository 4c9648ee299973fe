import { createContext } from 'svelte';
import type { DocSession } from './doc-session.svelte.ts';
import { combineSyncStates, type SyncState } from './sync-state.ts';
import { refusalKey, type RefusalKey } from './refusal.ts';

/**
 * The doc sessions the current screen works on, so the shell's header can show their sync state.
 * The layout creates one and puts it in context; a layout or page calls `show(...sessions)` and
 * the returned function when it leaves. The latest `show` wins (a page over its layout); several
 * sessions shown together are combined (see `combineSyncStates`).
 */
export class CurrentDoc {
  // Raw, and replaced rather than mutated: in a deep $state array each layer would be a proxy,
  // `indexOf(layer)` would not find it, and a left screen's (destroyed, "offline") docs would stay
  // in the header for good — the stale "离线" after going from 学习记录 to 联建活动.
  #layers: readonly { sessions: () => readonly DocSession[] }[] = $state.raw([]);

  /**
   * Whether the current screen works on a doc the server serves; the indicator is shown only
   * then. A doc the server refused has no sync state to tell ("离线" or "待同步" over a refusal
   * would contradict it); the refusal is said instead.
   */
  get active(): boolean {
    return this.#served().length > 0;
  }

  /** 'device' when no served doc is open: nothing to say about the server. */
  get syncState(): SyncState {
    return combineSyncStates(this.#served().map((s) => s.syncState));
  }

  #served(): readonly DocSession[] {
    return (this.#layers.at(-1)?.sessions() ?? []).filter((s) => s.refusedWith === null);
  }

  /**
   * Why the server refuses a doc of the current screen, for the shell to say once; null when
   * nothing is refused. "No access" is left to each page, which can say what the document is.
   */
  get refusal(): Exclude<RefusalKey, 'forbidden'> | null {
    const top = this.#layers.at(-1);
    for (const session of top?.sessions() ?? []) {
      const key = refusalKey(session.refusedWith);
      if (key && key !== 'forbidden') return key;
    }
    return null;
  }

  show(...sessions: DocSession[]): () => void {
    return this.track(() => sessions);
  }

  /** Like `show`, for a set of sessions that changes (read reactively, e.g. a roster's logs). */
  track(sessions: () => readonly DocSession[]): () => void {
    const layer = { sessions };
    this.#layers = [...this.#layers, layer];
    return () => {
      this.#layers = this.#layers.filter((l) => l !== layer);
    };
  }
}

const [getCurrentDoc, setCurrentDoc] = createContext<CurrentDoc>();
export { getCurrentDoc, setCurrentDoc };
