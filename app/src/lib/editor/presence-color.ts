/**
 * Caret and presence colours: dark enough for white label text (contrast ≥ 4.5:1) and told apart
 * by hue. Red is left out, so a colleague's caret never looks like a warning.
 */
export const PRESENCE_COLORS = [
  '#1d5fa8', // blue
  '#2b6e35', // green
  '#7b3fa0', // purple
  '#a04d00', // amber
  '#00707a', // teal
  '#5b4ad0', // indigo
  '#8a3b63', // plum
  '#4f6314', // olive
] as const;

/**
 * The same colour for a user on every device and in every session: a hash (FNV-1a) of the user
 * id picks from `PRESENCE_COLORS`.
 *
 * @example presenceColor('u-zhang') === presenceColor('u-zhang') // true
 */
export function presenceColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}
