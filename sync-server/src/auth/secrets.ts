import { createHash, randomBytes } from 'node:crypto';

/**
 * Sign-in tokens and invite codes are random secrets; only their SHA-256 is stored, so a copy of
 * the database signs nobody in. A slow password hash is not needed: these have 256 (tokens) and
 * 60 (invites, one-time, expiring) bits of entropy, not a person's password.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newToken(): string {
  return `bb_${randomBytes(32).toString('base64url')}`;
}

/** Crockford base32 without I, L, O, U: easy to read aloud and type on a phone. */
const INVITE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Twelve characters in three groups, e.g. `7KQ4-M2XD-9HTR`. */
export function newInviteCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (let i = 0; i < 12; i++) {
    code += INVITE_ALPHABET[(bytes[i] as number) % 32];
    if (i === 3 || i === 7) code += '-';
  }
  return code;
}

/** What users type: any case, spaces or dashes anywhere, and O/I/L mistyped for 0/1/1. */
export function normalizeInviteCode(input: string): string {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return raw.length === 12 ? `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}` : raw;
}
