import type { Kysely } from 'kysely';
import { appliedBefore, execute } from './steps.ts';

/**
 * Document updates and the registry as the first release had them. `party_groups` has no API
 * yet: issue 14 (party groups) fills it.
 */
const REGISTRY = (bigint: string) => [
  `CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at ${bigint} NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS branches (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at ${bigint} NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS memberships (
    branch_id TEXT NOT NULL REFERENCES branches(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('secretary', 'committee', 'member')),
    PRIMARY KEY (branch_id, user_id)
  )`,
  `CREATE INDEX IF NOT EXISTS memberships_user ON memberships (user_id)`,
  `CREATE TABLE IF NOT EXISTS party_groups (
    id TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    name TEXT NOT NULL,
    leader_user_id TEXT REFERENCES users(id)
  )`,
  `CREATE TABLE IF NOT EXISTS pairings (id TEXT PRIMARY KEY, created_at ${bigint} NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pairing_branches (
    pairing_id TEXT NOT NULL REFERENCES pairings(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    PRIMARY KEY (pairing_id, branch_id)
  )`,
  `CREATE TABLE IF NOT EXISTS plans (id TEXT PRIMARY KEY, lead_branch_id TEXT NOT NULL REFERENCES branches(id))`,
  `CREATE TABLE IF NOT EXISTS plan_branches (
    plan_id TEXT NOT NULL REFERENCES plans(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    PRIMARY KEY (plan_id, branch_id)
  )`,
  `CREATE TABLE IF NOT EXISTS lessons (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL REFERENCES users(id),
    branch_id TEXT NOT NULL REFERENCES branches(id)
  )`,
  `CREATE TABLE IF NOT EXISTS lesson_coauthors (
    lesson_id TEXT NOT NULL REFERENCES lessons(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (lesson_id, user_id)
  )`,
  `CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    created_at ${bigint} NOT NULL,
    revoked_at ${bigint}
  )`,
  `CREATE TABLE IF NOT EXISTS invites (
    code_hash TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    role TEXT NOT NULL,
    user_id TEXT,
    expires_at ${bigint} NOT NULL,
    used_at ${bigint}
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await appliedBefore(db, 1)) return;
  await execute(db, {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS doc_updates_doc_seq ON doc_updates (doc, seq)`,
      ...REGISTRY('INTEGER'),
    ],
    postgres: [
      `CREATE TABLE IF NOT EXISTS doc_updates (
        seq BIGSERIAL PRIMARY KEY,
        doc TEXT NOT NULL,
        data BYTEA NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS doc_updates_doc_seq ON doc_updates (doc, seq)`,
      ...REGISTRY('BIGINT'),
    ],
  });
}
