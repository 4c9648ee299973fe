import type pg from 'pg';
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

type Queryable = pg.Pool | pg.PoolClient;

/** The auth records in PostgreSQL (tables from `pg-migrations.ts`), shared by every process. */
export class PgAuthStore implements AuthStore {
  constructor(private readonly pool: pg.Pool) {}

  async #transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await run(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async #exists(db: Queryable, sql: string, value: string): Promise<boolean> {
    return ((await db.query(sql, [value])).rowCount ?? 0) > 0;
  }

  async addBranch(branch: Branch): Promise<Branch> {
    const result = await this.pool.query(
      'INSERT INTO branches (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [branch.id, branch.name, Date.now()],
    );
    if (result.rowCount === 0)
      throw new AuthStoreError('conflict', `branch ${branch.id} already exists`);
    return branch;
  }

  async getBranch(id: string): Promise<Branch | null> {
    const { rows } = await this.pool.query<Branch>('SELECT id, name FROM branches WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  async addMember(member: Membership & { name: string }): Promise<Membership> {
    checkDuty(member);
    await this.#transaction(async (db) => {
      if (!(await this.#exists(db, 'SELECT 1 FROM branches WHERE id = $1', member.branchId))) {
        throw new AuthStoreError('not-found', `no branch ${member.branchId}`);
      }
      await db.query(
        `INSERT INTO users (id, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
        [member.userId, member.name, Date.now()],
      );
      await db.query(
        `INSERT INTO memberships (branch_id, user_id, role, duty) VALUES ($1, $2, $3, $4)
         ON CONFLICT (branch_id, user_id) DO UPDATE SET role = excluded.role, duty = excluded.duty`,
        [member.branchId, member.userId, member.role, member.duty ?? null],
      );
    });
    const { branchId, userId, role, duty } = member;
    return duty ? { branchId, userId, role, duty } : { branchId, userId, role };
  }

  async getUser(id: string): Promise<User | null> {
    const { rows } = await this.pool.query<User>('SELECT id, name FROM users WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async membershipsOfUser(userId: string): Promise<Membership[]> {
    const { rows } = await this.pool.query<MembershipRow>(
      `SELECT branch_id AS "branchId", user_id AS "userId", role, duty
       FROM memberships WHERE user_id = $1`,
      [userId],
    );
    return rows.map(membershipOf);
  }

  async membersOfBranch(branchId: string): Promise<(Membership & { name: string })[]> {
    const { rows } = await this.pool.query<MembershipRow & { name: string }>(
      `SELECT m.branch_id AS "branchId", m.user_id AS "userId", m.role, m.duty, u.name
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.branch_id = $1 ORDER BY u.name, u.id`,
      [branchId],
    );
    return rows.map(membershipOf);
  }

  async pair(branchIds: string[]): Promise<Pairing> {
    const unique = [...new Set(branchIds)];
    if (unique.length < 2)
      throw new AuthStoreError('invalid', 'a pairing needs at least two different branches');
    const id = randomUUID();
    await this.#transaction(async (db) => {
      for (const branchId of unique) {
        if (!(await this.#exists(db, 'SELECT 1 FROM branches WHERE id = $1', branchId))) {
          throw new AuthStoreError('not-found', `no branch ${branchId}`);
        }
      }
      await db.query('INSERT INTO pairings (id, created_at) VALUES ($1, $2)', [id, Date.now()]);
      for (const branchId of unique) {
        await db.query('INSERT INTO pairing_branches (pairing_id, branch_id) VALUES ($1, $2)', [
          id,
          branchId,
        ]);
      }
    });
    return { id, branchIds: unique };
  }

  async pairedBranches(branchId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT DISTINCT other.branch_id AS id FROM pairing_branches mine
       JOIN pairing_branches other ON other.pairing_id = mine.pairing_id
       WHERE mine.branch_id = $1 AND other.branch_id <> $1 ORDER BY other.branch_id`,
      [branchId],
    );
    return rows.map((r) => r.id);
  }

  async getPairing(id: string): Promise<Pairing | null> {
    const branches = await this.pool.query<{ id: string }>(
      'SELECT branch_id AS id FROM pairing_branches WHERE pairing_id = $1 ORDER BY branch_id',
      [id],
    );
    if (branches.rows.length === 0) return null;
    const leads = await this.pool.query<{ month: string; branchId: string }>(
      'SELECT month, branch_id AS "branchId" FROM pairing_leads WHERE pairing_id = $1',
      [id],
    );
    return {
      id,
      branchIds: branches.rows.map((b) => b.id),
      leads: Object.fromEntries(leads.rows.map((l) => [l.month, l.branchId])),
    };
  }

  async pairingsOfBranch(branchId: string): Promise<Pairing[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT pairing_id AS id FROM pairing_branches WHERE branch_id = $1 ORDER BY pairing_id',
      [branchId],
    );
    const pairings = await Promise.all(rows.map((row) => this.getPairing(row.id)));
    return pairings.filter((p): p is Pairing => p !== null);
  }

  async setPairingLead(pairingId: string, month: string, branchId: string): Promise<void> {
    const member = await this.pool.query(
      'SELECT 1 FROM pairing_branches WHERE pairing_id = $1 AND branch_id = $2',
      [pairingId, branchId],
    );
    if (!member.rowCount)
      throw new AuthStoreError('invalid', `branch ${branchId} is not in pairing ${pairingId}`);
    await this.pool.query(
      `INSERT INTO pairing_leads (pairing_id, month, branch_id) VALUES ($1, $2, $3)
       ON CONFLICT (pairing_id, month) DO UPDATE SET branch_id = excluded.branch_id`,
      [pairingId, month, branchId],
    );
  }

  async addToken(userId: string, tokenHash: string, label: string): Promise<void> {
    if (!(await this.#exists(this.pool, 'SELECT 1 FROM users WHERE id = $1', userId))) {
      throw new AuthStoreError('not-found', `no user ${userId}`);
    }
    await this.pool.query(
      'INSERT INTO tokens (hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)',
      [tokenHash, userId, label, Date.now()],
    );
  }

  async userOfToken(tokenHash: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ userId: string }>(
      'SELECT user_id AS "userId" FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    return rows[0]?.userId ?? null;
  }

  async revokeToken(tokenHash: string): Promise<number> {
    const result = await this.pool.query(
      'UPDATE tokens SET revoked_at = $1 WHERE hash = $2 AND revoked_at IS NULL',
      [Date.now(), tokenHash],
    );
    return result.rowCount ?? 0;
  }

  async revokeTokensOfUser(userId: string): Promise<number> {
    const result = await this.pool.query(
      'UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
      [Date.now(), userId],
    );
    return result.rowCount ?? 0;
  }

  async addInvite(codeHash: string, invite: Invite): Promise<void> {
    await this.pool.query(
      'INSERT INTO invites (code_hash, branch_id, role, user_id, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [codeHash, invite.branchId, invite.role, invite.userId, invite.expiresAt],
    );
  }

  async findInvite(codeHash: string, now: number): Promise<Invite | null> {
    const { rows } = await this.pool.query<{
      branchId: string;
      role: Role;
      userId: string | null;
      expiresAt: string;
    }>(
      `SELECT branch_id AS "branchId", role, user_id AS "userId", expires_at AS "expiresAt"
       FROM invites WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [codeHash, now],
    );
    const row = rows[0];
    return row ? { ...row, expiresAt: Number(row.expiresAt) } : null;
  }

  async takeInvite(codeHash: string, now: number): Promise<Invite | null> {
    // One UPDATE … RETURNING: two processes redeeming the same code cannot both win.
    const { rows } = await this.pool.query<{
      branchId: string;
      role: Role;
      userId: string | null;
      expiresAt: string;
    }>(
      `UPDATE invites SET used_at = $2
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING branch_id AS "branchId", role, user_id AS "userId", expires_at AS "expiresAt"`,
      [codeHash, now],
    );
    const row = rows[0];
    return row ? { ...row, expiresAt: Number(row.expiresAt) } : null;
  }

  async addPlan(plan: PlanRecord): Promise<void> {
    await this.#transaction(async (db) => {
      const inserted = await db.query(
        'INSERT INTO plans (id, lead_branch_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [plan.id, plan.leadBranchId],
      );
      if (inserted.rowCount === 0)
        throw new AuthStoreError('conflict', `plan ${plan.id} already exists`);
      for (const branchId of new Set([plan.leadBranchId, ...plan.branchIds])) {
        await db.query('INSERT INTO plan_branches (plan_id, branch_id) VALUES ($1, $2)', [
          plan.id,
          branchId,
        ]);
      }
    });
  }

  async getPlan(id: string): Promise<PlanRecord | null> {
    const { rows } = await this.pool.query<{ id: string; leadBranchId: string }>(
      'SELECT id, lead_branch_id AS "leadBranchId" FROM plans WHERE id = $1',
      [id],
    );
    const plan = rows[0];
    if (!plan) return null;
    const branches = await this.pool.query<{ id: string }>(
      'SELECT branch_id AS id FROM plan_branches WHERE plan_id = $1 ORDER BY branch_id',
      [id],
    );
    return { ...plan, branchIds: branches.rows.map((b) => b.id) };
  }

  async setPlanBranches(planId: string, branchIds: string[]): Promise<void> {
    await this.#transaction(async (db) => {
      const { rows } = await db.query<{ lead: string }>(
        'SELECT lead_branch_id AS lead FROM plans WHERE id = $1 FOR UPDATE',
        [planId],
      );
      const plan = rows[0];
      if (!plan) throw new AuthStoreError('not-found', `no plan ${planId}`);
      await db.query('DELETE FROM plan_branches WHERE plan_id = $1', [planId]);
      for (const branchId of new Set([plan.lead, ...branchIds])) {
        await db.query('INSERT INTO plan_branches (plan_id, branch_id) VALUES ($1, $2)', [
          planId,
          branchId,
        ]);
      }
    });
  }

  async plansOfBranch(branchId: string): Promise<PlanRecord[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT plan_id AS id FROM plan_branches WHERE branch_id = $1 ORDER BY plan_id',
      [branchId],
    );
    const plans = await Promise.all(rows.map((row) => this.getPlan(row.id)));
    return plans.filter((p): p is PlanRecord => p !== null);
  }

  async addLesson(lesson: LessonRecord): Promise<void> {
    await this.#transaction(async (db) => {
      const inserted = await db.query(
        'INSERT INTO lessons (id, author_id, branch_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
        [lesson.id, lesson.authorId, lesson.branchId],
      );
      if (inserted.rowCount === 0)
        throw new AuthStoreError('conflict', `lesson ${lesson.id} already exists`);
      for (const userId of new Set(lesson.coAuthorIds)) {
        await db.query('INSERT INTO lesson_coauthors (lesson_id, user_id) VALUES ($1, $2)', [
          lesson.id,
          userId,
        ]);
      }
    });
  }

  async getLesson(id: string): Promise<LessonRecord | null> {
    const { rows } = await this.pool.query<{ id: string; authorId: string; branchId: string }>(
      'SELECT id, author_id AS "authorId", branch_id AS "branchId" FROM lessons WHERE id = $1',
      [id],
    );
    const lesson = rows[0];
    if (!lesson) return null;
    const coAuthors = await this.pool.query<{ id: string }>(
      'SELECT user_id AS id FROM lesson_coauthors WHERE lesson_id = $1 ORDER BY user_id',
      [id],
    );
    return { ...lesson, coAuthorIds: coAuthors.rows.map((c) => c.id) };
  }

  async setLessonCoAuthors(lessonId: string, userIds: string[]): Promise<void> {
    await this.#transaction(async (db) => {
      const exists = await db.query('SELECT 1 FROM lessons WHERE id = $1 FOR UPDATE', [lessonId]);
      if (!exists.rowCount) throw new AuthStoreError('not-found', `no lesson ${lessonId}`);
      await db.query('DELETE FROM lesson_coauthors WHERE lesson_id = $1', [lessonId]);
      for (const userId of new Set(userIds)) {
        await db.query('INSERT INTO lesson_coauthors (lesson_id, user_id) VALUES ($1, $2)', [
          lessonId,
          userId,
        ]);
      }
    });
  }

  async lessonsOfUser(userId: string): Promise<LessonRecord[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM lessons WHERE author_id = $1
       UNION SELECT lesson_id AS id FROM lesson_coauthors WHERE user_id = $1
       UNION SELECT lessons.id FROM lessons JOIN memberships USING (branch_id)
         WHERE memberships.user_id = $1 AND memberships.role IN ('secretary', 'committee')
       ORDER BY id`,
      [userId],
    );
    const lessons = await Promise.all(rows.map((row) => this.getLesson(row.id)));
    return lessons.filter((l): l is LessonRecord => l !== null);
  }
}
