import { createSubscriber } from 'svelte/reactivity';
import {
  branchSettings,
  readStudyCountingRule,
  readStudyTargets,
  setStudyTarget,
  stampMeta,
  type StudyCountingRule,
  type StudyTargetKey,
  type StudyTargets,
} from '@branchbook/model';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';

/**
 * The study targets of a branch (`branch:<branchId>`, map `settings`), read with defaults. Only
 * the secretary and committee may change them; the server drops anyone else's writes, and the UI
 * offers the change only to them.
 */
export class BranchSettingsState {
  readonly session: DocSession;
  #subscribe: () => void;

  readonly targets: StudyTargets = $derived.by(() => {
    this.#subscribe();
    return readStudyTargets(this.session.doc);
  });

  /** Which forms count toward these targets: what the year and branch screens explain. */
  readonly countingRule: StudyCountingRule = $derived.by(() => {
    this.#subscribe();
    return readStudyCountingRule(this.session.doc);
  });

  constructor(session: DocSession) {
    this.session = session;
    const settings = branchSettings(session.doc);
    this.#subscribe = createSubscriber((update) => {
      settings.observe(update);
      return () => settings.unobserve(update);
    });
  }

  /** Sets a target (`null` restores the default); throws RangeError for a value out of range. */
  setTarget(key: StudyTargetKey, value: number | null): void {
    const doc = this.session.doc;
    doc.transact(() => {
      stampMeta(doc, 'branch');
      setStudyTarget(doc, key, value);
    });
  }
}
