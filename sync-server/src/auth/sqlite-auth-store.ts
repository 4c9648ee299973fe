import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  AuthStoreError,
  checkDuty,
  membershipOf,
  type AuthStore,
  type Branch,
  type Invite,
  type LessonRecord,
  type Membership,
  type MembershipRow,
  type Pairing,
  type PlanRecord,
  type Role,
  type User,
} from './auth-store.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS branches (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS memberships (
    branch_id TEXT NOT NULL REFERENCES branches(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('secretary', 'committee', 'member')),
    PRIMARY KEY (branch_id, user_id)
  );
  CREATE INDEX IF NOT EXISTS memberships_user ON memberships (user_id);
  CREATE TABLE IF NOT EXISTS party_groups (
    id TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    name TEXT NOT NULL,
    leader_user_id TEXT REFERENCES users(id)
  );
  CREATE TABLE IF NOT EXISTS pairings (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS pairing_branches (
    pairing_id TEXT NOT NULL REFERENCES pairings(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    PRIMARY KEY (pairing_id, branch_id)
  );
  CREATE TABLE IF NOT EXISTS pairing_leads (
    pairing_id TEXT NOT NULL REFERENCES pairings(id),
    month TEXT NOT NULL,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    PRIMARY KEY (pairing_id, month)
  );
  CREATE TABLE IF NOT EXISTS plans (
    id TEXT PRIMARY KEY,
    lead_branch_id TEXT NOT NULL REFERENCES branches(id)
  );
  CREATE TABLE IF NOT EXISTS plan_branches (
    plan_id TEXT NOT NULL REFERENCES plans(id),
    branch_id TEXT NOT NULL REFERENCES branches(id),
    PRIMARY KEY (plan_id, branch_id)
  );
  CREATE TABLE IF NOT EXISTS lessons (
    id TEXT PRIMARY KEY,
    author_id TEXT NOT NULL REFERENCES users(id),
    branch_id TEXT NOT NULL REFERENCES branches(id)
  );
  CREATE TABLE IF NOT EXISTS lesson_coauthors (
    lesson_id TEXT NOT NULL REFERENCES lessons(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (lesson_id, user_id)
  );
  CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS invites (
    code_hash TEXT PRIMARY KEY,
    branch_id TEXT NOT NULL REFERENCES branches(id),
    role TEXT NOT NULL,
    user_id TEXT,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );
`;

/**
 * Changes to the tables above, in order, applied once each when the store opens;
 * `PRAGMA user_version` holds the last one applied (0: none).
 */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'committee duties',
    sql: `ALTER TABLE memberships ADD COLUMN duty TEXT
            CHECK (duty IN ('deputy', 'organisation', 'publicity', 'discipline'))`,
  },
];

/** Applies what is pending; returns the versions applied. Safe against a second process. */
function migrate(db: Database.Database): number[] {
  const applied: number[] = [];
  for (const migration of SQLITE_MIGRATIONS) {
    // IMMEDIATE: take the write lock before reading the version, so the admin CLI and the
    // server opening the same file at once cannot both apply a migration.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

/** The auth records in the same SQLite file as the documents (one file to back up). */
export class SqliteAuthStore implements AuthStore {
  /** Migrations this open applied (for the admin CLI's `migrate`). */
  readonly migrated: number[];

  constructor(private readonly db: Database.Database) {
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    this.migrated = migrate(db);
  }

  async addBranch(branch: Branch): Promise<Branch> {
    if (this.db.prepare('SELECT 1 FROM branches WHERE id = ?').get(branch.id)) {
      throw new AuthStoreError('conflict', `branch ${branch.id} already exists`);
    }
    this.db
      .prepare('INSERT INTO branches (id, name, created_at) VALUES (?, ?, ?)')
      .run(branch.id, branch.name, Date.now());
    return branch;
  }

  async getBranch(id: string): Promise<Branch | null> {
    const row = this.db.prepare('SELECT id, name FROM branches WHERE id = ?').get(id) as
      Branch | undefined;
    return row ?? null;
  }

  async addMember(member: Membership & { name: string }): Promise<Membership> {
    checkDuty(member);
    const run = this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM branches WHERE id = ?').get(member.branchId)) {
        throw new AuthStoreError('not-found', `no branch ${member.branchId}`);
      }
      this.db
        .prepare(
          `INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
        )
        .run(member.userId, member.name, Date.now());
      this.db
        .prepare(
          `INSERT INTO memberships (branch_id, user_id, role, duty) VALUES (?, ?, ?, ?)
           ON CONFLICT (branch_id, user_id) DO UPDATE SET role = excluded.role, duty = excluded.duty`,
        )
        .run(member.branchId, member.userId, member.role, member.duty ?? null);
    });
    run();
    const { branchId, userId, role, duty } = member;
    return duty ? { branchId, userId, role, duty } : { branchId, userId, role };
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.db.prepare('SELECT id, name FROM users WHERE id = ?').get(id) as
      User | undefined;
    return row ?? null;
  }

  async membershipsOfUser(userId: string): Promise<Membership[]> {
    const rows = this.db
      .prepare(
        `SELECT branch_id AS branchId, user_id AS userId, role, duty
         FROM memberships WHERE user_id = ?`,
      )
      .all(userId) as MembershipRow[];
    return rows.map(membershipOf);
  }

  async membersOfBranch(branchId: string): Promise<(Membership & { name: string })[]> {
    const rows = this.db
      .prepare(
        `SELECT m.branch_id AS branchId, m.user_id AS userId, m.role, m.duty, u.name
         FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.branch_id = ? ORDER BY u.name, u.id`,
      )
      .all(branchId) as (MembershipRow & { name: string })[];
    return rows.map(membershipOf);
  }

  async pair(branchIds: string[]): Promise<Pairing> {
    const unique = [...new Set(branchIds)];
    if (unique.length < 2)
      throw new AuthStoreError('invalid', 'a pairing needs at least two different branches');
    const id = randomUUID();
    const run = this.db.transaction(() => {
      for (const branchId of unique) {
        if (!this.db.prepare('SELECT 1 FROM branches WHERE id = ?').get(branchId)) {
          throw new AuthStoreError('not-found', `no branch ${branchId}`);
        }
      }
      this.db.prepare('INSERT INTO pairings (id, created_at) VALUES (?, ?)').run(id, Date.now());
      const insert = this.db.prepare(
        'INSERT INTO pairing_branches (pairing_id, branch_id) VALUES (?, ?)',
      );
      for (const branchId of unique) insert.run(id, branchId);
    });
    run();
    return { id, branchIds: unique };
  }

  async pairedBranches(branchId: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT other.branch_id AS id FROM pairing_branches mine
         JOIN pairing_branches other ON other.pairing_id = mine.pairing_id
         WHERE mine.branch_id = ? AND other.branch_id <> ? ORDER BY other.branch_id`,
      )
      .all(branchId, branchId) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async getPairing(id: string): Promise<Pairing | null> {
    const branches = this.db
      .prepare(
        'SELECT branch_id AS id FROM pairing_branches WHERE pairing_id = ? ORDER BY branch_id',
      )
      .all(id) as { id: string }[];
    if (branches.length === 0) return null;
    const leads = this.db
      .prepare('SELECT month, branch_id AS branchId FROM pairing_leads WHERE pairing_id = ?')
      .all(id) as { month: string; branchId: string }[];
    return {
      id,
      branchIds: branches.map((b) => b.id),
      leads: Object.fromEntries(leads.map((l) => [l.month, l.branchId])),
    };
  }

  async pairingsOfBranch(branchId: string): Promise<Pairing[]> {
    const ids = this.db
      .prepare(
        'SELECT pairing_id AS id FROM pairing_branches WHERE branch_id = ? ORDER BY pairing_id',
      )
      .all(branchId) as { id: string }[];
    const pairings = await Promise.all(ids.map((row) => this.getPairing(row.id)));
    return pairings.filter((p): p is Pairing => p !== null);
  }

  async setPairingLead(pairingId: string, month: string, branchId: string): Promise<void> {
    if (
      !this.db
        .prepare('SELECT 1 FROM pairing_branches WHERE pairing_id = ? AND branch_id = ?')
        .get(pairingId, branchId)
    ) {
      throw new AuthStoreError('invalid', `branch ${branchId} is not in pairing ${pairingId}`);
    }
    this.db
      .prepare(
        `INSERT INTO pairing_leads (pairing_id, month, branch_id) VALUES (?, ?, ?)
         ON CONFLICT (pairing_id, month) DO UPDATE SET branch_id = excluded.branch_id`,
      )
      .run(pairingId, month, branchId);
  }

  async addToken(userId: string, tokenHash: string, label: string): Promise<void> {
    if (!this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId)) {
      throw new AuthStoreError('not-found', `no user ${userId}`);
    }
    this.db
      .prepare('INSERT INTO tokens (hash, user_id, label, created_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash, userId, label, Date.now());
  }

  async userOfToken(tokenHash: string): Promise<string | null> {
    const row = this.db
      .prepare('SELECT user_id AS userId FROM tokens WHERE hash = ? AND revoked_at IS NULL')
      .get(tokenHash) as { userId: string } | undefined;
    return row?.userId ?? null;
  }

  async revokeToken(tokenHash: string): Promise<number> {
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL')
      .run(Date.now(), tokenHash);
    return result.changes;
  }

  async revokeTokensOfUser(userId: string): Promise<number> {
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
      .run(Date.now(), userId);
    return result.changes;
  }

  async addInvite(codeHash: string, invite: Invite): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO invites (code_hash, branch_id, role, user_id, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(codeHash, invite.branchId, invite.role, invite.userId, invite.expiresAt);
  }

  #usableInvite(codeHash: string, now: number): Invite | null {
    const row = this.db
      .prepare(
        `SELECT branch_id AS branchId, role, user_id AS userId, expires_at AS expiresAt
         FROM invites WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
      )
      .get(codeHash, now) as
      { branchId: string; role: Role; userId: string | null; expiresAt: number } | undefined;
    return row ?? null;
  }

  async findInvite(codeHash: string, now: number): Promise<Invite | null> {
    return this.#usableInvite(codeHash, now);
  }

  async takeInvite(codeHash: string, now: number): Promise<Invite | null> {
    const take = this.db.transaction((): Invite | null => {
      const row = this.#usableInvite(codeHash, now);
      if (!row) return null;
      this.db.prepare('UPDATE invites SET used_at = ? WHERE code_hash = ?').run(now, codeHash);
      return row;
    });
    return take.immediate();
  }

  async addPlan(plan: PlanRecord): Promise<void> {
    const run = this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM plans WHERE id = ?').get(plan.id)) {
        throw new AuthStoreError('conflict', `plan ${plan.id} already exists`);
      }
      this.db
        .prepare('INSERT INTO plans (id, lead_branch_id) VALUES (?, ?)')
        .run(plan.id, plan.leadBranchId);
      const insert = this.db.prepare(
        'INSERT INTO plan_branches (plan_id, branch_id) VALUES (?, ?)',
      );
      for (const branchId of new Set([plan.leadBranchId, ...plan.branchIds]))
        insert.run(plan.id, branchId);
    });
    run();
  }

  async getPlan(id: string): Promise<PlanRecord | null> {
    const plan = this.db
      .prepare('SELECT id, lead_branch_id AS leadBranchId FROM plans WHERE id = ?')
      .get(id) as { id: string; leadBranchId: string } | undefined;
    if (!plan) return null;
    const branches = this.db
      .prepare('SELECT branch_id AS id FROM plan_branches WHERE plan_id = ? ORDER BY branch_id')
      .all(id) as { id: string }[];
    return { ...plan, branchIds: branches.map((b) => b.id) };
  }

  async setPlanBranches(planId: string, branchIds: string[]): Promise<void> {
    const run = this.db.transaction(() => {
      const plan = this.db
        .prepare('SELECT lead_branch_id AS lead FROM plans WHERE id = ?')
        .get(planId) as { lead: string } | undefined;
      if (!plan) throw new AuthStoreError('not-found', `no plan ${planId}`);
      this.db.prepare('DELETE FROM plan_branches WHERE plan_id = ?').run(planId);
      const insert = this.db.prepare(
        'INSERT INTO plan_branches (plan_id, branch_id) VALUES (?, ?)',
      );
      for (const branchId of new Set([plan.lead, ...branchIds])) insert.run(planId, branchId);
    });
    run();
  }

  async plansOfBranch(branchId: string): Promise<PlanRecord[]> {
    const ids = this.db
      .prepare('SELECT plan_id AS id FROM plan_branches WHERE branch_id = ? ORDER BY plan_id')
      .all(branchId) as { id: string }[];
    const plans = await Promise.all(ids.map((row) => this.getPlan(row.id)));
    return plans.filter((p): p is PlanRecord => p !== null);
  }

  async addLesson(lesson: LessonRecord): Promise<void> {
    const run = this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM lessons WHERE id = ?').get(lesson.id)) {
        throw new AuthStoreError('conflict', `lesson ${lesson.id} already exists`);
      }
      this.db
        .prepare('INSERT INTO lessons (id, author_id, branch_id) VALUES (?, ?, ?)')
        .run(lesson.id, lesson.authorId, lesson.branchId);
      const insert = this.db.prepare(
        'INSERT INTO lesson_coauthors (lesson_id, user_id) VALUES (?, ?)',
      );
      for (const userId of new Set(lesson.coAuthorIds)) insert.run(lesson.id, userId);
    });
    run();
  }

  async getLesson(id: string): Promise<LessonRecord | null> {
    const lesson = this.db
      .prepare('SELECT id, author_id AS authorId, branch_id AS branchId FROM lessons WHERE id = ?')
      .get(id) as { id: string; authorId: string; branchId: string } | undefined;
    if (!lesson) return null;
    const coAuthors = this.db
      .prepare('SELECT user_id AS id FROM lesson_coauthors WHERE lesson_id = ? ORDER BY user_id')
      .all(id) as { id: string }[];
    return { ...lesson, coAuthorIds: coAuthors.map((c) => c.id) };
  }

  async setLessonCoAuthors(lessonId: string, userIds: string[]): Promise<void> {
    const run = this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM lessons WHERE id = ?').get(lessonId)) {
        throw new AuthStoreError('not-found', `no lesson ${lessonId}`);
      }
      this.db.prepare('DELETE FROM lesson_coauthors WHERE lesson_id = ?').run(lessonId);
      const insert = this.db.prepare(
        'INSERT INTO lesson_coauthors (lesson_id, user_id) VALUES (?, ?)',
      );
      for (const userId of new Set(userIds)) insert.run(lessonId, userId);
    });
    run();
  }

  async lessonsOfUser(userId: string): Promise<LessonRecord[]> {
    const ids = this.db
      .prepare(
        `SELECT id FROM lessons WHERE author_id = ?
         UNION SELECT lesson_id AS id FROM lesson_coauthors WHERE user_id = ?
         UNION SELECT lessons.id FROM lessons JOIN memberships USING (branch_id)
           WHERE memberships.user_id = ? AND memberships.role IN ('secretary', 'committee')
         ORDER BY id`,
      )
      .all(userId, userId, userId) as { id: string }[];
    const lessons = await Promise.all(ids.map((row) => this.getLesson(row.id)));
    return lessons.filter((l): l is LessonRecord => l !== null);
  }
}
