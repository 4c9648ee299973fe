/**
 * The larger clock per client of two decoded state vectors: what is known to be on the server
 * only grows, whether learnt from an acknowledgement or from what the server sent.
 *
 * @example mergeVectors(new Map([[1, 5]]), new Map([[1, 3], [2, 7]])) // Map { 1 => 5, 2 => 7 }
 */
export function mergeVectors(
  known: ReadonlyMap<number, number> | null,
  more: ReadonlyMap<number, number>,
): Map<number, number> {
  const merged = new Map(known ?? []);
  for (const [client, clock] of more) merged.set(client, Math.max(merged.get(client) ?? 0, clock));
  return merged;
}
