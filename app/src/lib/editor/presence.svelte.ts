import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import { presentPeople, type PresentPerson } from './presence.ts';

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
