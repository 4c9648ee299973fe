import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { transact } from './scalars.ts';

/**
 * A reorderable list that peers can reorder concurrently without duplicates or losses.
 *
 * Entries live in a `Y.Map` keyed by a stable id; each entry is a `Y.Map` with an `order` field, a
 * fractional index (`fractional-indexing`: base-62 keys that sort by plain string comparison, with
 * a key between any two distinct keys). Moving an entry rewrites only its `order`, so two peers
 * moving the same entry end with one of the two positions (last writer wins), and moves of
 * different entries both survive. A move as delete + insert in a `Y.Array` would instead leave two
 * copies of an entry moved twice concurrently. Equal keys (two peers inserting at the same place)
 * are broken by id, so every peer sorts identically.
 */
export type OrderedEntries = Y.Map<Y.Map<unknown>>;

export interface Positioned {
  readonly id: string;
  readonly order: string;
}

export const ORDER_FIELD = 'order';

/**
 * Orders by key, then by id, comparing UTF-16 code units. Not `localeCompare`: its result depends
 * on the locale and ICU version, and peers must agree exactly.
 */
export function compareOrder(a: Positioned, b: Positioned): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The stored key, or '' (sorts first, and is replaced by the next placement nearby). */
export function readOrderKey(map: Y.Map<unknown>): string {
  const order = map.get(ORDER_FIELD);
  return typeof order === 'string' ? order : '';
}

/** Entries removed with a tombstone stay in the map, so an offline edit to them is not lost. */
export function isLiveEntry(map: Y.Map<unknown>): boolean {
  return map.get('deleted') !== true;
}

/** The live entries in list order. */
export function sortedEntries(
  list: OrderedEntries,
  isLive: (map: Y.Map<unknown>) => boolean = isLiveEntry,
): Positioned[] {
  const entries: Positioned[] = [];
  for (const [id, map] of list.entries()) {
    if (map instanceof Y.Map && isLive(map)) entries.push({ id, order: readOrderKey(map) });
  }
  return entries.sort(compareOrder);
}

function keysBetween(lower: string | null, upper: string | null, n: number): string[] | undefined {
  try {
    return generateNKeysBetween(lower, upper, n);
  } catch {
    // Equal neighbours (a concurrent insert at the same place) or a key this library cannot read.
    return undefined;
  }
}

export interface Placement {
  /** The key for the entry being placed. */
  key: string;
  /** Neighbours whose keys had to change to make room (tied or unreadable keys); usually none. */
  rekeyed: Positioned[];
}

/**
 * The keys that put an entry at `index` of `sorted` (which must not contain it). Pure.
 * When the neighbours' keys leave no room — equal keys, or a key from a buggy peer — the window
 * of re-keyed neighbours widens until it does; their relative order is kept.
 */
export function placement(sorted: readonly Positioned[], index: number): Placement {
  const at = Math.max(0, Math.min(sorted.length, Math.trunc(index) || 0));
  let start = at;
  let end = at;
  for (;;) {
    const lower = sorted[start - 1]?.order ?? null;
    const upper = sorted[end]?.order ?? null;
    const keys = keysBetween(lower, upper, end - start + 1);
    if (keys) {
      const key = keys[at - start] as string;
      const rekeyed = sorted.slice(start, end).map((entry, i) => ({
        id: entry.id,
        order: keys[start + i < at ? i : i + 1] as string,
      }));
      return { key, rekeyed };
    }
    if (start === 0 && end === sorted.length) throw new Error('no order key available');
    start = Math.max(0, start - 1);
    end = Math.min(sorted.length, end + 1);
  }
}

/**
 * Puts the entry `id` (already in `list`) at `index` among the other live entries, writing its new
 * key and any neighbour keys that had to change.
 */
export function placeEntry(
  list: OrderedEntries,
  id: string,
  index: number,
  isLive: (map: Y.Map<unknown>) => boolean = isLiveEntry,
): void {
  const map = list.get(id);
  if (!(map instanceof Y.Map)) throw new Error(`no list entry ${id}`);
  const others = sortedEntries(list, isLive).filter((entry) => entry.id !== id);
  const { key, rekeyed } = placement(others, index);
  transact(list, () => {
    if (map.get(ORDER_FIELD) !== key) map.set(ORDER_FIELD, key);
    for (const entry of rekeyed) {
      const neighbour = list.get(entry.id);
      if (neighbour && neighbour.get(ORDER_FIELD) !== entry.order) {
        neighbour.set(ORDER_FIELD, entry.order);
      }
    }
  });
}
