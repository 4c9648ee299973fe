import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import { presentPeople, type PresenceUser, type PresentPerson } from './presence.ts';

/** The "who is here" list of one document's awareness, for the UI. */
export class PresenceState {
  #awareness: Awareness;
  #myId: string;
  #subscribe: () => void;

  constructor(awareness: Awareness, myId: string) {
    this.#awareness = awareness;
    this.#myId = myId;
    this.#subscribe = createSubscriber((update) => {
      awareness.on('change', update);
      return () => awareness.off('change', update);
    });
  }

  get people(): PresentPerson[] {
    this.#subscribe();
    return presentPeople(this.#awareness.getStates(), this.#myId);
  }
}

/**
 * Lists `me` as here on the document — readers too, who have no editor caret to publish it, so
 * others see who is reading and can name who recorded a review. A page restored from the
 * back-forward cache rejoins (DocSession clears presence on pagehide). Returns the cleanup, for
 * an `$effect`.
 */
export function announcePresence(awareness: Awareness, me: PresenceUser): () => void {
  awareness.setLocalStateField('user', me);
  const rejoin = (event: PageTransitionEvent) => {
    if (event.persisted) awareness.setLocalStateField('user', me);
  };
  window.addEventListener('pageshow', rejoin);
  return () => window.removeEventListener('pageshow', rejoin);
}
