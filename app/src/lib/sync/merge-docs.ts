import * as Y from 'yjs';

/**
 * Copies everything in `from` into `into` and returns whether there was anything to copy. Used when
 * a member signs in: what they recorded on this device before (`study:<device id>`) joins their
 * account's log (`study:<user id>`). Entries have unique ids, so this is a clean union — nothing
 * is overwritten, and copying twice changes nothing.
 */
export function mergeDocInto(into: Y.Doc, from: Y.Doc): boolean {
  if (from.store.clients.size === 0) return false;
  Y.applyUpdate(into, Y.encodeStateAsUpdate(from, Y.encodeStateVector(into)));
  return true;
}
