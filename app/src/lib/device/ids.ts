/**
 * A fresh random id: 32 lowercase hex characters (a v4 UUID without dashes). Uses
 * `crypto.randomUUID` where present; it is missing outside secure contexts (plain-http LAN
 * hosts), where `getRandomValues` still works.
 */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replaceAll('-', '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
