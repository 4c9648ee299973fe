import { createContext } from 'svelte';
import type { DocSession } from './doc-session.svelte.ts';
import { combineSyncStates, type SyncState } from './sync-state.ts';

/**
 * The doc sessions the current screen works on, so the shell's header can show their sync state.
 * The layout creates one and puts it in context; a layout or page calls `show(...sessions)` and
 * the returned function when it leaves. The latest `show` wins (a page over its layout); several
 * sessions shown together are combined (see `combineSyncStates`).
 */
export class CurrentDoc {
  #layers: { sessions: () => readonly DocSession[] }[] = $state([]);

  /** Whether the current screen works on any doc; the indicator is shown only then. */
  get active(): boolean {
    return this.#layers.length > 0;
  }

  /** 'local' when no doc is open: nothing is waiting for the server. */
  get syncState(): SyncState {
    const top = this.#layers.at(-1);
    return top ? combineSyncStates(top.sessions().map((s) => s.syncState)) : 'local';
  }

  show(...sessions: DocSession[]): () => void {
    return this.track(() => sessions);
  }

  /** Like `show`, for a set of sessions that changes (read reactively, e.g. a roster's logs). */
  track(sessions: () => readonly DocSession[]): () => void {
    const layer = { sessions };
    this.#layers.push(layer);
    return () => {
      const index = this.#layers.indexOf(layer);
      if (index >= 0) this.#layers.splice(index, 1);
    };
  }
}

const [getCurrentDoc, setCurrentDoc] = createContext<CurrentDoc>();
export { getCurrentDoc, setCurrentDoc };
