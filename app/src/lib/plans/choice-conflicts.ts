import * as Y from 'yjs';

/**
 * Choices (a date, a time, a select) cannot merge: when two devices set the same key concurrently,
 * one value wins on both (Yjs' last-writer rule, decided by client id). Nothing is lost silently
 * if the device whose value was replaced says so. This finds those cases, exactly:
 *
 * a remote transaction replaced the value of `key`, the replaced value was written by this client
 * (`doc.clientID`), and the remote writer had not seen it. The last part is read from Yjs itself:
 * each map write records the value its writer saw (`item.origin`, the previous item for the key);
 * if following those back from the winning value never reaches ours, the two were concurrent. A
 * later, informed change by someone who saw our value is an ordinary edit and no note.
 *
 * Limits, honestly: only writes of this client id count, i.e. of this page since it loaded (a
 * reload gets a new id), and clearing a value (a delete, which records no origin) is not reported.
 */
export interface ChoiceConflict {
  key: string;
  /** The value this device had set, which was replaced. */
  mine: unknown;
  /** The value that won. */
  theirs: unknown;
}

function sameId(a: Y.ID | null, b: Y.ID): boolean {
  return a !== null && a.client === b.client && a.clock === b.clock;
}

/** Whether the writer of `item` had seen `target` (it is on the chain of values it built upon). */
function sawItem(item: Y.Item, target: Y.Item): boolean {
  const byId = new Map<string, Y.Item>();
  for (let left = item.left; left; left = left.left) {
    if (left instanceof Y.Item) byId.set(`${left.id.client}:${left.id.clock}`, left);
  }
  let origin = item.origin;
  for (let steps = 0; origin && steps <= byId.size; steps++) {
    if (sameId(origin, target.id)) return true;
    origin = byId.get(`${origin.client}:${origin.clock}`)?.origin ?? null;
  }
  return false;
}

/** The concurrent replacements of this client's values in one map event (see above). */
export function concurrentReplacements(
  event: Y.YMapEvent<unknown>,
  keys?: readonly string[],
): ChoiceConflict[] {
  const transaction = event.transaction;
  if (transaction.local) return [];
  const map = event.target as Y.Map<unknown>;
  const clientID = transaction.doc.clientID;
  const conflicts: ChoiceConflict[] = [];
  for (const [key, change] of event.changes.keys) {
    if (change.action !== 'update' || (keys && !keys.includes(key))) continue;
    const current = map._map.get(key);
    if (!current || current.deleted || current.id.client === clientID) continue;
    let mine: Y.Item | null = null;
    for (let left = current.left; left; left = left.left) {
      if (left instanceof Y.Item && left.id.client === clientID) {
        mine = left;
        break;
      }
    }
    // Ours must be the value this transaction replaced, not an older one.
    if (!mine || !Y.isDeleted(transaction.deleteSet, mine.id)) continue;
    if (sawItem(current, mine)) continue;
    conflicts.push({ key, mine: change.oldValue, theirs: map.get(key) });
  }
  return conflicts;
}

/**
 * Watches `keys` of `map` and calls `onconflict` for each concurrent replacement of a value this
 * device set. Returns the function that stops watching.
 */
export function watchChoiceConflicts(
  map: Y.Map<unknown>,
  keys: readonly string[],
  onconflict: (conflict: ChoiceConflict) => void,
): () => void {
  const observer = (event: Y.YMapEvent<unknown>) => {
    for (const conflict of concurrentReplacements(event, keys)) onconflict(conflict);
  };
  map.observe(observer);
  return () => map.unobserve(observer);
}
