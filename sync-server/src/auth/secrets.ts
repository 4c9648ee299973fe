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

/** The first organiser's one-time setup code: 128 bits, carried in a link's `#` part. */
export function newSetupCode(): string {
  return randomBytes(16).toString('base64url');
}

/** Crockford base32 without I, L, O, U: easy to read aloud and type on a phone. */
const INVITE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` characters of the alphabet in groups of four, e.g. `7KQ4-M2XD`. */
function groupedCode(length: number): string {
  const bytes = randomBytes(length);
  let code = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 4 === 0) code += '-';
    code += INVITE_ALPHABET[(bytes[i] as number) % 32];
  }
  return code;
}

/** Twelve characters in three groups, e.g. `7KQ4-M2XD-9HTR`. */
export function newInviteCode(): string {
  return groupedCode(12);
}

/**
 * A second device's sign-in code: eight characters, `7KQ4-M2XD` (40 bits), typed from the screen
 * of a device already signed in. Enough against guessing because it is one-time, lives ten
 * minutes and its redemptions share the per-address budget of every one-time code.
 */
export function newSignInCode(): string {
  return groupedCode(8);
}

/**
 * What users type, for invite and sign-in codes alike: any case, spaces or dashes anywhere, and
 * O/I/L mistyped for 0/1/1; regrouped in fours when it has the length of one.
 */
export function normalizeInviteCode(input: string): string {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return raw.length === 12 || raw.length === 8 ? (raw.match(/.{4}/g) ?? []).join('-') : raw;
}
