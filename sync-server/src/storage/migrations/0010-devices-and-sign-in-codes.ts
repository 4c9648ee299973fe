import type { Kysely } from 'kysely';
import { execute } from './steps.ts';

/**
 * Devices and second-device sign-in (issue 14, "My account"). Each sign-in token is one device:
 * it gets a public id (the API names a device by it; the token itself stays secret, hashed), the
 * device's name (what the app derived from its browser, or what the member typed), and when it
 * was last used (written at most every few minutes, see `Accounts.sessionOfToken`). Tokens made
 * before get an id here. A sign-in code — short, one-time, minutes long, stored hashed — lets a
 * signed-in member sign in on another device; one open code per user, a new one replaces it.
 *
 * The access-change triggers of 0004 fire on `UPDATE OF revoked_at` only: renaming a device or
 * recording its last use changes nobody's access and writes no access change.
 */
function statements(bigint: 'INTEGER' | 'BIGINT', randomId: string): string[] {
  return [
    `ALTER TABLE tokens ADD COLUMN id TEXT`,
    `ALTER TABLE tokens ADD COLUMN device_name TEXT`,
    `ALTER TABLE tokens ADD COLUMN last_seen_at ${bigint}`,
    `UPDATE tokens SET id = ${randomId} WHERE id IS NULL`,
    `CREATE UNIQUE INDEX tokens_id ON tokens (id)`,
    `CREATE INDEX tokens_user ON tokens (user_id)`,
    `CREATE TABLE sign_in_codes (
      code_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
      expires_at ${bigint} NOT NULL,
      used_at ${bigint},
      created_at ${bigint} NOT NULL
    )`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await execute(db, {
    sqlite: statements('INTEGER', `'d' || lower(hex(randomblob(8)))`),
    // md5 of a random number and the row's own hash: distinct per row, no extension needed.
    postgres: statements('BIGINT', `'d' || substr(md5(random()::text || hash), 1, 16)`),
  });
}
