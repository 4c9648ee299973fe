import { createContext } from 'svelte';
import type { DocSession } from './doc-session.svelte.ts';
import type { SyncState } from './sync-state.ts';

/**
 * The doc session the current page works on, so the shell's header can show its sync state.
 * The layout creates one and puts it in context; a page calls `show(session)` and the returned
 * function when it leaves.
 */
export class CurrentDoc {
  #session: DocSession | null = $state(null);

  /** 'local' when no doc is open: nothing is waiting for the server. */
  get syncState(): SyncState {
    return this.#session?.syncState ?? 'local';
  }

  show(session: DocSession): () => void {
    this.#session = session;
    return () => {
      if (this.#session === session) this.#session = null;
    };
  }
}

const [getCurrentDoc, setCurrentDoc] = createContext<CurrentDoc>();
export { getCurrentDoc, setCurrentDoc };
