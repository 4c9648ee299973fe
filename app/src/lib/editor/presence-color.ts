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
  '#a3246b', // magenta
  '#7a6200', // gold
  '#44546a', // slate
] as const;

/**
 * The same colour for a user on every device and in every session: a hash of the user id (FNV-1a,
 * then a finalising mix — FNV's low bits alone depend only on the low bits of each character, so
 * similar ids would share a colour) picks from `PRESENCE_COLORS`.
 *
 * @example presenceColor('u-zhang') === presenceColor('u-zhang') // true
 */
export function presenceColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}
