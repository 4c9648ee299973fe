import { randomBytes, randomUUID } from 'node:crypto';
import {
  sql,
  type ColumnType,
  type Kysely,
  type SelectQueryBuilder,
  type Transaction,
} from 'kysely';
import type { MeetingKind, ReviewStatus } from '@branchbook/model';
import { dialectOf, type Dialect } from '../storage/sql.ts';
import {
  AuthStoreError,
  type AccessChange,
  checkDuty,
  membershipOf,
  type AuthStore,
  type Branch,
  type Device,
  type DirectoryBranch,
  type Invite,
  type OpenInvite,
  type LessonRecord,
  type RegisteredLesson,
  type Membership,
  type Pairing,
  type PairingAnswer,
  type PlanRecord,
  type RecordedEvent,
  type RegisteredMeeting,
  type RegistryEvent,
  type Role,
  type TokenSession,
  type User,
  type RosterEntry,
  type FormerMember,
  type MemberChange,
  type PartyGroup,
} from './auth-store.ts';

/** A BIGINT: pg reads it as a string, better-sqlite3 as a number; written as a number. */
type BigInt64 = ColumnType<number | string, number, number>;

/** The registry's tables as the migrations (`storage/migrations/`) leave them. */
// A type, not an interface: Kysely's `withTables` wants an index-signature-compatible shape.
export type RegistryTables = {
  users: { id: string; name: string; created_at: number };
  branches: {
    id: string;
    name: string;
    created_at: number;
    outside: ColumnType<number, number | undefined, number>;
  };
  memberships: {
    branch_id: string;
    user_id: string;
    role: Role;
    duty: string | null;
    joined_at: ColumnType<number | string | null, number | null | undefined, number | null>;
    group_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  party_groups: { id: string; branch_id: string; name: string; leader_user_id: string | null };
  former_members: {
    branch_id: string;
    user_id: string;
    role: Role;
    joined_at: number | string | null;
    removed_at: BigInt64;
    removed_by: string | null;
  };
  pairings: {
    id: string;
    created_at: BigInt64;
    proposed_by: string | null;
    proposed_branch_id: string | null;
    ended_by: string | null;
    ended_at: BigInt64 | null;
  };
  pairing_branches: {
    pairing_id: string;
    branch_id: string;
    answer: ColumnType<PairingAnswer, PairingAnswer | undefined, PairingAnswer>;
    answered_by: string | null;
    answered_at: BigInt64 | null;
  };
  pairing_leads: { pairing_id: string; month: string; branch_id: string };
  plans: { id: string; lead_branch_id: string };
  plan_branches: { plan_id: string; branch_id: string };
  lessons: {
    id: string;
    author_id: string;
    branch_id: string;
    review_status: ColumnType<ReviewStatus, ReviewStatus | undefined, ReviewStatus>;
    review_by: string | null;
    review_note: ColumnType<string, string | undefined, string>;
    review_at: ColumnType<number | string | null, number | null | undefined, number | null>;
  };
  lesson_coauthors: { lesson_id: string; user_id: string };
  tokens: {
    hash: string;
    user_id: string;
    label: string;
    created_at: number;
    revoked_at: number | null;
    /** Public: names the device in the API. Null only before migration 0010 gave every token one. */
    id: string | null;
    device_name: string | null;
    last_seen_at: BigInt64 | null;
  };
  sign_in_codes: {
    code_hash: string;
    user_id: string;
    expires_at: BigInt64;
    used_at: BigInt64 | null;
    created_at: BigInt64;
  };
  invites: {
    code_hash: string;
    branch_id: string;
    role: Role;
    user_id: string | null;
    expires_at: BigInt64;
    used_at: number | null;
    id: string | null;
    name: string | null;
    created_by: string | null;
    created_at: BigInt64 | null;
    pairing: ColumnType<number, number | undefined, number>;
  };
  institution: { id: number; name: string; created_at: number };
  organisers: { user_id: string; created_at: number };
  setup_codes: { code_hash: string; created_at: number };
  meetings: {
    id: string;
    branch_id: string;
    kind: string;
    group_id: string | null;
    created_by: string;
    created_at: BigInt64;
  };
  meeting_participants: { meeting_id: string; user_id: string };
  registry_events: {
    seq: ColumnType<number | string, never, never>;
    at: BigInt64;
    kind: string;
    actor_id: string;
    audience: 'members' | 'committee' | 'user';
    branch_id: string | null;
    user_id: string | null;
    ref_id: string;
    about_branch_id: string | null;
    detail: ColumnType<string, string | undefined, string>;
  };
  access_changes: {
    seq: ColumnType<number | string, never, never>;
    user_id: string | null;
    doc: string | null;
    at: number;
  };
};

type Db = Kysely<RegistryTables> | Transaction<RegistryTables>;

function inviteOf(row: {
  branchId: string;
  role: Role;
  userId: string | null;
  expiresAt: number | string;
  name: string | null;
  pairing: number;
}): Invite {
  const { name, pairing, ...rest } = row;
  return {
    ...rest,
    expiresAt: Number(row.expiresAt),
    ...(name ? { name } : {}),
    ...(pairing ? { pairing: true } : {}),
  };
}

/** Ids to read: a list, or a subquery selecting them (so a list read stays one query). */
type Ids<T extends keyof RegistryTables, C extends string> =
  string[] | SelectQueryBuilder<RegistryTables, T, Record<C, string>>;

export interface RegistryStoreOptions {
  /**
   * Wraps every transaction. SQLite passes `SqliteStore.exclusive`: the registry shares the
   * documents' connection, and a transaction there awaits between its statements.
   */
  exclusive?: <T>(transaction: () => Promise<T>) => Promise<T>;
}

/**
 * The registry (users, branches, memberships, pairings, plan and lesson participants, tokens,
 * invites, access changes) in whichever database holds the documents: one implementation over
 * Kysely, for SQLite and PostgreSQL alike. List reads take a fixed number of queries whatever
 * the length of the list (`IN` and joins, grouped here).
 */
export class RegistryStore implements AuthStore {
  readonly #dialect: Dialect;

  constructor(
    readonly db: Kysely<RegistryTables>,
    readonly options: RegistryStoreOptions = {},
  ) {
    this.#dialect = dialectOf(db);
  }

  #transaction<T>(run: (trx: Transaction<RegistryTables>) => Promise<T>): Promise<T> {
    const transaction = () => this.db.transaction().execute(run);
    return this.options.exclusive ? this.options.exclusive(transaction) : transaction();
  }

  async #branchExists(db: Db, id: string): Promise<boolean> {
    return (await db.selectFrom('branches').select('id').where('id', '=', id).executeTakeFirst())
      ? true
      : false;
  }

  async addBranch(branch: Branch): Promise<Branch> {
    const result = await this.db
      .insertInto('branches')
      .values({
        id: branch.id,
        name: branch.name,
        created_at: Date.now(),
        outside: branch.outside ? 1 : 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (!result.numInsertedOrUpdatedRows)
      throw new AuthStoreError('conflict', `branch ${branch.id} already exists`);
    return branch;
  }

  async getBranch(id: string): Promise<Branch | null> {
    const row = await this.db
      .selectFrom('branches')
      .select(['id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ?? null;
  }

  async branchesByIds(ids: readonly string[]): Promise<Branch[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('branches')
      .select(['id', 'name', 'outside'])
      .where('id', 'in', [...new Set(ids)])
      .orderBy('id')
      .execute();
    return rows.map(({ outside, ...b }) => (outside ? { ...b, outside: true } : b));
  }

  async addMember(member: Membership & { name: string }): Promise<Membership> {
    checkDuty(member);
    await this.#transaction(async (trx) => {
      if (!(await this.#branchExists(trx, member.branchId)))
        throw new AuthStoreError('not-found', `no branch ${member.branchId}`);
      await trx
        .insertInto('users')
        .values({ id: member.userId, name: member.name, created_at: Date.now() })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
        )
        .execute();
      await trx
        .insertInto('memberships')
        .values({
          branch_id: member.branchId,
          user_id: member.userId,
          role: member.role,
          duty: member.duty ?? null,
          joined_at: Date.now(),
        })
        .onConflict((oc) =>
          oc.columns(['branch_id', 'user_id']).doUpdateSet((eb) => ({
            role: eb.ref('excluded.role'),
            duty: eb.ref('excluded.duty'),
          })),
        )
        .execute();
      // Back in the branch: no longer a former member of it.
      await trx
        .deleteFrom('former_members')
        .where('branch_id', '=', member.branchId)
        .where('user_id', '=', member.userId)
        .execute();
    });
    const { branchId, userId, role, duty } = member;
    return duty ? { branchId, userId, role, duty } : { branchId, userId, role };
  }

  async getUser(id: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ?? null;
  }

  async membershipsOfUser(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('branches as b', 'b.id', 'm.branch_id')
      .select(['m.branch_id as branchId', 'm.user_id as userId', 'm.role', 'm.duty', 'b.outside'])
      .where('m.user_id', '=', userId)
      .execute();
    return rows.map(({ outside, ...row }) => ({
      ...membershipOf(row),
      ...(outside ? { outside: true } : {}),
    }));
  }

  async membersOfBranch(branchId: string): Promise<(Membership & { name: string })[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.branch_id as branchId', 'm.user_id as userId', 'm.role', 'm.duty', 'u.name'])
      .where('m.branch_id', '=', branchId)
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
    return rows.map(membershipOf);
  }

  async pair(branchIds: string[]): Promise<Pairing> {
    const unique = [...new Set(branchIds)];
    if (unique.length < 2)
      throw new AuthStoreError('invalid', 'a pairing needs at least two different branches');
    const id = randomUUID();
    const now = Date.now();
    await this.#transaction(async (trx) => {
      await this.#requireBranches(trx, unique);
      await trx.insertInto('pairings').values({ id, created_at: now }).execute();
      await trx
        .insertInto('pairing_branches')
        .values(unique.map((branchId) => ({ pairing_id: id, branch_id: branchId })))
        .execute();
    });
    return { id, branchIds: unique, invitedIds: [], createdAt: now };
  }

  async #requireBranches(db: Db, ids: readonly string[]): Promise<void> {
    const found = new Set(
      (
        await db
          .selectFrom('branches')
          .select('id')
          .where('id', 'in', [...ids])
          .execute()
      ).map((b) => b.id),
    );
    const missing = ids.find((b) => !found.has(b));
    if (missing !== undefined) throw new AuthStoreError('not-found', `no branch ${missing}`);
  }

  async proposePairing(proposal: {
    by: string;
    branchId: string;
    others: readonly string[];
    alsoAccepted?: readonly string[];
  }): Promise<Pairing> {
    const others = [...new Set(proposal.others)].filter((b) => b !== proposal.branchId);
    if (others.length === 0)
      throw new AuthStoreError('invalid', 'a pairing needs at least two different branches');
    const accepted = new Set([proposal.branchId, ...(proposal.alsoAccepted ?? [])]);
    const id = randomUUID();
    const now = Date.now();
    await this.#transaction(async (trx) => {
      await this.#requireBranches(trx, [proposal.branchId, ...others]);
      await trx
        .insertInto('pairings')
        .values({
          id,
          created_at: now,
          proposed_by: proposal.by,
          proposed_branch_id: proposal.branchId,
        })
        .execute();
      await trx
        .insertInto('pairing_branches')
        .values(
          [proposal.branchId, ...others].map((branchId) => {
            const yes = accepted.has(branchId);
            return {
              pairing_id: id,
              branch_id: branchId,
              answer: yes ? ('accepted' as const) : ('invited' as const),
              answered_by: yes ? proposal.by : null,
              answered_at: yes ? now : null,
            };
          }),
        )
        .execute();
    });
    const made = await this.getPairing(id);
    if (!made) throw new Error(`pairing ${id} vanished right after it was written`);
    return made;
  }

  async answerPairing(
    pairingId: string,
    branchId: string,
    answer: { accept: boolean; by: string },
  ): Promise<boolean> {
    return this.#transaction(async (trx) => {
      const now = Date.now();
      const open = await trx
        .selectFrom('pairings')
        .select('id')
        .where('id', '=', pairingId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (!open) return false;
      // Only a row still 'invited' changes, so two answers at once cannot both count.
      const changed = await trx
        .updateTable('pairing_branches')
        .set({
          answer: answer.accept ? 'accepted' : 'declined',
          answered_by: answer.by,
          answered_at: now,
        })
        .where('pairing_id', '=', pairingId)
        .where('branch_id', '=', branchId)
        .where('answer', '=', 'invited')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return false;
      const rows = await trx
        .selectFrom('pairing_branches')
        .select('answer')
        .where('pairing_id', '=', pairingId)
        .execute();
      const accepted = rows.filter((r) => r.answer === 'accepted').length;
      const waiting = rows.some((r) => r.answer === 'invited');
      if (!waiting && accepted < 2) {
        await trx
          .updateTable('pairings')
          .set({ ended_at: now, ended_by: answer.by })
          .where('id', '=', pairingId)
          .execute();
      }
      return true;
    });
  }

  async endPairing(pairingId: string, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('pairings')
      .set({ ended_at: Date.now(), ended_by: by })
      .where('id', '=', pairingId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async findBranches(text: string, limit: number): Promise<Branch[]> {
    // LIKE's wildcards in what people typed are matched as themselves.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db
      .selectFrom('branches')
      .select(['id', 'name'])
      .where(sql<boolean>`name LIKE ${pattern} ESCAPE '\\'`)
      .where('outside', '=', 0)
      .orderBy('name')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async pairedBranches(branchId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('pairing_branches as mine')
      .innerJoin('pairing_branches as other', 'other.pairing_id', 'mine.pairing_id')
      .innerJoin('pairings as p', 'p.id', 'mine.pairing_id')
      .select('other.branch_id as id')
      .distinct()
      .where('mine.branch_id', '=', branchId)
      .where('mine.answer', '=', 'accepted')
      .where('other.answer', '=', 'accepted')
      .where('p.ended_at', 'is', null)
      .where('other.branch_id', '<>', branchId)
      .orderBy('other.branch_id')
      .execute();
    return rows.map((r) => r.id);
  }

  async getPairing(id: string): Promise<Pairing | null> {
    return (await this.#pairings([id]))[0] ?? null;
  }

  async pairingsOfBranches(branchIds: readonly string[]): Promise<Pairing[]> {
    if (branchIds.length === 0) return [];
    const ids = this.db
      .selectFrom('pairing_branches')
      .select('pairing_id')
      .where('branch_id', 'in', [...branchIds])
      .where('answer', '<>', 'declined')
      .where('pairing_id', 'in', (eb) =>
        eb.selectFrom('pairings').select('id').where('ended_at', 'is', null),
      );
    return this.#pairings(ids);
  }

  /** Pairings by id (a list, or a subquery of ids), in id order: two queries. */
  async #pairings(ids: Ids<'pairing_branches', 'pairing_id'>): Promise<Pairing[]> {
    const [branches, leads] = await Promise.all([
      this.db
        .selectFrom('pairing_branches as pb')
        .innerJoin('pairings as p', 'p.id', 'pb.pairing_id')
        .select([
          'pb.pairing_id as id',
          'pb.branch_id as branchId',
          'pb.answer',
          'p.created_at',
          'p.proposed_by',
          'p.proposed_branch_id',
          'p.ended_at',
        ])
        .where('pb.pairing_id', 'in', ids)
        .orderBy('pb.pairing_id')
        .orderBy('pb.branch_id')
        .execute(),
      this.db
        .selectFrom('pairing_leads')
        .select(['pairing_id as id', 'month', 'branch_id as branchId'])
        .where('pairing_id', 'in', ids)
        .execute(),
    ]);
    const pairings = new Map<string, Pairing & { leads: Record<string, string> }>();
    for (const row of branches) {
      let pairing = pairings.get(row.id);
      if (!pairing) {
        pairing = {
          id: row.id,
          branchIds: [],
          invitedIds: [],
          leads: {},
          createdAt: Number(row.created_at),
          ...(row.proposed_by ? { proposedBy: row.proposed_by } : {}),
          ...(row.proposed_branch_id ? { proposedBranchId: row.proposed_branch_id } : {}),
          ...(row.ended_at === null ? {} : { endedAt: Number(row.ended_at) }),
        };
        pairings.set(row.id, pairing);
      }
      if (row.answer === 'accepted') pairing.branchIds.push(row.branchId);
      if (row.answer === 'invited') pairing.invitedIds?.push(row.branchId);
    }
    for (const lead of leads) {
      const pairing = pairings.get(lead.id);
      if (pairing) pairing.leads[lead.month] = lead.branchId;
    }
    return [...pairings.values()];
  }

  async setPairingLead(pairingId: string, month: string, branchId: string): Promise<void> {
    const member = await this.db
      .selectFrom('pairing_branches')
      .select('branch_id')
      .where('pairing_id', '=', pairingId)
      .where('branch_id', '=', branchId)
      .where('answer', '=', 'accepted')
      .executeTakeFirst();
    if (!member)
      throw new AuthStoreError('invalid', `branch ${branchId} is not in pairing ${pairingId}`);
    await this.db
      .insertInto('pairing_leads')
      .values({ pairing_id: pairingId, month, branch_id: branchId })
      .onConflict((oc) =>
        oc
          .columns(['pairing_id', 'month'])
          .doUpdateSet((eb) => ({ branch_id: eb.ref('excluded.branch_id') })),
      )
      .execute();
  }

  async addToken(
    userId: string,
    tokenHash: string,
    label: string,
    deviceName: string | null = null,
  ): Promise<string> {
    if (!(await this.getUser(userId))) throw new AuthStoreError('not-found', `no user ${userId}`);
    const id = `d${randomBytes(8).toString('hex')}`;
    await this.db
      .insertInto('tokens')
      .values({
        hash: tokenHash,
        user_id: userId,
        label,
        created_at: Date.now(),
        id,
        device_name: deviceName,
      })
      .execute();
    return id;
  }

  async userOfToken(tokenHash: string): Promise<string | null> {
    return (await this.sessionOfToken(tokenHash))?.userId ?? null;
  }

  async sessionOfToken(tokenHash: string): Promise<TokenSession | null> {
    const row = await this.db
      .selectFrom('tokens')
      .select(['user_id', 'id', 'last_seen_at'])
      .where('hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      userId: row.user_id,
      tokenId: row.id ?? '',
      lastSeenAt: Number(row.last_seen_at ?? 0),
    };
  }

  async touchToken(tokenId: string, at: number): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ last_seen_at: at })
      .where('id', '=', tokenId)
      .execute();
  }

  async devicesOfUser(userId: string): Promise<Device[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .select(['id', 'device_name', 'created_at', 'last_seen_at'])
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('id', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id ?? '',
      name: row.device_name,
      createdAt: Number(row.created_at),
      lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
    }));
  }

  renameDevice(userId: string, tokenId: string, name: string): Promise<boolean> {
    return this.#changeLiveDevice(userId, tokenId, { device_name: name });
  }

  revokeDevice(userId: string, tokenId: string): Promise<boolean> {
    return this.#changeLiveDevice(userId, tokenId, { revoked_at: Date.now() });
  }

  /** Changes one of the user's live (unrevoked) tokens; false when the user has no such device. */
  async #changeLiveDevice(
    userId: string,
    tokenId: string,
    set: { device_name: string } | { revoked_at: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('tokens')
      .set(set)
      .where('user_id', '=', userId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async renameUser(userId: string, name: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ name })
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async replaceSignInCode(userId: string, codeHash: string, expiresAt: number): Promise<void> {
    // One row per user (user_id is unique): the upsert replaces an older code in one statement.
    await this.db
      .insertInto('sign_in_codes')
      .values({
        code_hash: codeHash,
        user_id: userId,
        expires_at: expiresAt,
        used_at: null,
        created_at: Date.now(),
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet((eb) => ({
          code_hash: eb.ref('excluded.code_hash'),
          expires_at: eb.ref('excluded.expires_at'),
          used_at: null,
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }

  async takeSignInCode(codeHash: string, now: number): Promise<string | null> {
    // One UPDATE … RETURNING: two devices typing the same code cannot both sign in.
    const row = await this.db
      .updateTable('sign_in_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  async revokeToken(tokenHash: string): Promise<number> {
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: Date.now() })
      .where('hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async revokeTokensOfUser(userId: string): Promise<number> {
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: Date.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async addInvite(codeHash: string, invite: Invite): Promise<void> {
    await this.db
      .insertInto('invites')
      .values({
        code_hash: codeHash,
        branch_id: invite.branchId,
        role: invite.role,
        user_id: invite.userId,
        expires_at: invite.expiresAt,
        id: invite.id ?? null,
        name: invite.name ?? null,
        created_by: invite.createdBy ?? null,
        created_at: invite.createdAt ?? Date.now(),
        pairing: invite.pairing ? 1 : 0,
      })
      .execute();
  }

  async openInvitesOfBranch(branchId: string, now: number): Promise<OpenInvite[]> {
    const rows = await this.db
      .selectFrom('invites')
      .select(['id', 'branch_id as branchId', 'role', 'name', 'expires_at', 'created_at'])
      .where('branch_id', '=', branchId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('id', 'is not', null)
      // Pairing invites are the pairing screen's, not the branch's member invites.
      .where('pairing', '=', 0)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(({ id, expires_at, created_at, ...rest }) => ({
      id: id ?? '',
      ...rest,
      expiresAt: Number(expires_at),
      createdAt: Number(created_at ?? 0),
    }));
  }

  async revokeInvite(branchId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('invites')
      .where('branch_id', '=', branchId)
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async institution(): Promise<{ name: string } | null> {
    const row = await this.db.selectFrom('institution').select('name').executeTakeFirst();
    return row ?? null;
  }

  async setInstitution(name: string): Promise<void> {
    await this.db
      .insertInto('institution')
      .values({ id: 1, name, created_at: Date.now() })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
  }

  async hasUsers(): Promise<boolean> {
    return (
      (await this.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined
    );
  }

  async hasOrganiser(): Promise<boolean> {
    const row = await this.db
      .selectFrom('organisers')
      .select('user_id')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async isOrganiser(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('organisers')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async addOrganiser(user: User): Promise<void> {
    await this.#transaction(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id: user.id, name: user.name, created_at: Date.now() })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
        )
        .execute();
      await trx
        .insertInto('organisers')
        .values({ user_id: user.id, created_at: Date.now() })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
    });
  }

  async directory(): Promise<DirectoryBranch[]> {
    const rows = await this.db
      .selectFrom('branches as b')
      .leftJoin('memberships as m', 'm.branch_id', 'b.id')
      .select((eb) => ['b.id', 'b.name', eb.fn.count<number | string>('m.user_id').as('members')])
      // Outside branches (another institution's, paired by invite) are not this one's.
      .where('b.outside', '=', 0)
      .groupBy(['b.id', 'b.name'])
      .orderBy('b.name')
      .orderBy('b.id')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, members: Number(row.members) }));
  }

  async replaceSetupCode(codeHash: string): Promise<void> {
    await this.#transaction(async (trx) => {
      await trx.deleteFrom('setup_codes').execute();
      await trx
        .insertInto('setup_codes')
        .values({ code_hash: codeHash, created_at: Date.now() })
        .execute();
    });
  }

  async takeSetupCode(codeHash: string): Promise<boolean> {
    // One DELETE: two devices (or processes) using the same code cannot both win.
    const result = await this.db
      .deleteFrom('setup_codes')
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async findInvite(codeHash: string, now: number): Promise<Invite | null> {
    const row = await this.db
      .selectFrom('invites')
      .select([
        'branch_id as branchId',
        'role',
        'user_id as userId',
        'expires_at as expiresAt',
        'name',
        'pairing',
      ])
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row ? inviteOf(row) : null;
  }

  async takeInvite(codeHash: string, now: number): Promise<Invite | null> {
    // One UPDATE … RETURNING: two redeemers of the same code (or two processes) cannot both win.
    const row = await this.db
      .updateTable('invites')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning([
        'branch_id as branchId',
        'role',
        'user_id as userId',
        'expires_at as expiresAt',
        'name',
        'pairing',
      ])
      .executeTakeFirst();
    return row ? inviteOf(row) : null;
  }

  async addPlan(plan: PlanRecord): Promise<void> {
    await this.#transaction(async (trx) => {
      const inserted = await trx
        .insertInto('plans')
        .values({ id: plan.id, lead_branch_id: plan.leadBranchId })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (!inserted.numInsertedOrUpdatedRows)
        throw new AuthStoreError('conflict', `plan ${plan.id} already exists`);
      await this.#insertPlanBranches(trx, plan.id, [plan.leadBranchId, ...plan.branchIds]);
    });
  }

  async #insertPlanBranches(db: Db, planId: string, branchIds: string[]): Promise<void> {
    await db
      .insertInto('plan_branches')
      .values([...new Set(branchIds)].map((branchId) => ({ plan_id: planId, branch_id: branchId })))
      .execute();
  }

  async getPlan(id: string): Promise<PlanRecord | null> {
    return (await this.#plans([id]))[0] ?? null;
  }

  /** Plans by id (a list, or a subquery of ids) with their branches, in id order: one query. */
  async #plans(ids: Ids<'plan_branches', 'plan_id'>): Promise<PlanRecord[]> {
    const rows = await this.db
      .selectFrom('plans')
      .innerJoin('plan_branches', 'plan_branches.plan_id', 'plans.id')
      .select(['plans.id', 'plans.lead_branch_id as leadBranchId', 'plan_branches.branch_id'])
      .where('plans.id', 'in', ids)
      .orderBy('plans.id')
      .orderBy('plan_branches.branch_id')
      .execute();
    const plans = new Map<string, PlanRecord>();
    for (const row of rows) {
      const plan = plans.get(row.id) ?? {
        id: row.id,
        leadBranchId: row.leadBranchId,
        branchIds: [],
      };
      plan.branchIds.push(row.branch_id);
      plans.set(row.id, plan);
    }
    return [...plans.values()];
  }

  async setPlanBranches(planId: string, branchIds: string[]): Promise<void> {
    await this.#transaction(async (trx) => {
      const plan = await trx
        .selectFrom('plans')
        .select('lead_branch_id')
        .where('id', '=', planId)
        .$if(this.#dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!plan) throw new AuthStoreError('not-found', `no plan ${planId}`);
      await trx.deleteFrom('plan_branches').where('plan_id', '=', planId).execute();
      await this.#insertPlanBranches(trx, planId, [plan.lead_branch_id, ...branchIds]);
    });
  }

  async plansOfBranches(branchIds: readonly string[]): Promise<PlanRecord[]> {
    if (branchIds.length === 0) return [];
    return this.#plans(
      this.db
        .selectFrom('plan_branches')
        .select('plan_id')
        .where('branch_id', 'in', [...branchIds]),
    );
  }

  async addLesson(lesson: LessonRecord): Promise<void> {
    await this.#transaction(async (trx) => {
      const inserted = await trx
        .insertInto('lessons')
        .values({ id: lesson.id, author_id: lesson.authorId, branch_id: lesson.branchId })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (!inserted.numInsertedOrUpdatedRows)
        throw new AuthStoreError('conflict', `lesson ${lesson.id} already exists`);
      await this.#insertCoAuthors(trx, lesson.id, lesson.coAuthorIds);
    });
  }

  async #insertCoAuthors(db: Db, lessonId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await db
      .insertInto('lesson_coauthors')
      .values([...new Set(userIds)].map((userId) => ({ lesson_id: lessonId, user_id: userId })))
      .execute();
  }

  async getLesson(id: string): Promise<RegisteredLesson | null> {
    return (await this.#lessons([id]))[0] ?? null;
  }

  /** Lessons by id (a list, or a subquery of ids) with co-authors, in id order: one query. */
  async #lessons(ids: Ids<'lessons' | 'lesson_coauthors', 'id'>): Promise<RegisteredLesson[]> {
    const rows = await this.db
      .selectFrom('lessons')
      .leftJoin('lesson_coauthors', 'lesson_coauthors.lesson_id', 'lessons.id')
      .leftJoin('users as reviewer', 'reviewer.id', 'lessons.review_by')
      .select([
        'lessons.id',
        'lessons.author_id as authorId',
        'lessons.branch_id as branchId',
        'lesson_coauthors.user_id as coAuthorId',
        'lessons.review_status as status',
        'lessons.review_by as by',
        'reviewer.name as byName',
        'lessons.review_note as note',
        'lessons.review_at as at',
      ])
      .where('lessons.id', 'in', ids)
      .orderBy('lessons.id')
      .orderBy('lesson_coauthors.user_id')
      .execute();
    const lessons = new Map<string, RegisteredLesson>();
    for (const row of rows) {
      const lesson = lessons.get(row.id) ?? {
        id: row.id,
        authorId: row.authorId,
        branchId: row.branchId,
        coAuthorIds: [],
        review: {
          status: row.status,
          by: row.by ?? '',
          byName: row.byName ?? '',
          at: Number(row.at ?? 0),
          note: row.note,
        },
      };
      if (row.coAuthorId !== null) lesson.coAuthorIds.push(row.coAuthorId);
      lessons.set(row.id, lesson);
    }
    return [...lessons.values()];
  }

  async setLessonReview(
    lessonId: string,
    from: ReviewStatus,
    change: { status: ReviewStatus; by: string; note: string; at: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('lessons')
      .set({
        review_status: change.status,
        review_by: change.by,
        review_note: change.note,
        review_at: change.at,
      })
      .where('id', '=', lessonId)
      .where('review_status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setLessonCoAuthors(lessonId: string, userIds: string[]): Promise<void> {
    await this.#transaction(async (trx) => {
      const lesson = await trx
        .selectFrom('lessons')
        .select('id')
        .where('id', '=', lessonId)
        .$if(this.#dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!lesson) throw new AuthStoreError('not-found', `no lesson ${lessonId}`);
      await trx.deleteFrom('lesson_coauthors').where('lesson_id', '=', lessonId).execute();
      await this.#insertCoAuthors(trx, lessonId, userIds);
    });
  }

  async lessonsOfUser(userId: string): Promise<RegisteredLesson[]> {
    const ids = this.db
      .selectFrom('lessons')
      .select('id')
      .where('author_id', '=', userId)
      .union(
        this.db
          .selectFrom('lesson_coauthors')
          .select('lesson_id as id')
          .where('user_id', '=', userId),
      )
      .union(
        // The committee of the author's branch reviews every draft of it.
        this.db
          .selectFrom('lessons')
          .innerJoin('memberships', 'memberships.branch_id', 'lessons.branch_id')
          .select('lessons.id')
          .where('memberships.user_id', '=', userId)
          .where('memberships.role', 'in', ['secretary', 'committee']),
      );
    return this.#lessons(ids);
  }

  async addMeeting(meeting: {
    id: string;
    branchId: string;
    kind: MeetingKind;
    groupId: string | null;
    participantIds: readonly string[];
    createdBy: string;
  }): Promise<void> {
    await this.#transaction(async (trx) => {
      if (
        await trx
          .selectFrom('meetings')
          .select('id')
          .where('id', '=', meeting.id)
          .executeTakeFirst()
      )
        throw new AuthStoreError('conflict', `meeting ${meeting.id} exists`);
      await trx
        .insertInto('meetings')
        .values({
          id: meeting.id,
          branch_id: meeting.branchId,
          kind: meeting.kind,
          group_id: meeting.groupId,
          created_by: meeting.createdBy,
          created_at: Date.now(),
        })
        .execute();
      if (meeting.participantIds.length > 0)
        await trx
          .insertInto('meeting_participants')
          .values(meeting.participantIds.map((user_id) => ({ meeting_id: meeting.id, user_id })))
          .execute();
    });
  }

  async getMeeting(id: string): Promise<RegisteredMeeting | null> {
    return (await this.#meetings({ ids: [id] }))[0] ?? null;
  }

  meetingsOfBranches(branchIds: readonly string[]): Promise<RegisteredMeeting[]> {
    return branchIds.length === 0 ? Promise.resolve([]) : this.#meetings({ branchIds });
  }

  /** Meetings by id or by branch with their group and people: four queries, whatever the count. */
  async #meetings(
    which: { ids: readonly string[] } | { branchIds: readonly string[] },
  ): Promise<RegisteredMeeting[]> {
    const rows = await this.db
      .selectFrom('meetings')
      .select(['id', 'branch_id as branchId', 'kind', 'group_id as groupId'])
      .where(
        'ids' in which ? 'id' : 'branch_id',
        'in',
        'ids' in which ? [...which.ids] : [...which.branchIds],
      )
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const groupIds = [...new Set(rows.flatMap((r) => (r.groupId ? [r.groupId] : [])))];
    const [people, groups, groupMembers] = await Promise.all([
      this.db
        .selectFrom('meeting_participants')
        .select(['meeting_id', 'user_id'])
        .where(
          'meeting_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('user_id')
        .execute(),
      groupIds.length === 0
        ? []
        : this.db
            .selectFrom('party_groups')
            .select(['id', 'leader_user_id'])
            .where('id', 'in', groupIds)
            .execute(),
      groupIds.length === 0
        ? []
        : this.db
            .selectFrom('memberships')
            .select(['group_id', 'user_id', 'branch_id'])
            .where('group_id', 'in', groupIds)
            .orderBy('user_id')
            .execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      branchId: row.branchId,
      kind: row.kind as MeetingKind,
      groupId: row.groupId,
      groupLeaderId: groups.find((g) => g.id === row.groupId)?.leader_user_id ?? null,
      groupMemberIds: groupMembers
        .filter((m) => m.group_id === row.groupId && m.branch_id === row.branchId)
        .map((m) => m.user_id),
      participantIds: people.filter((p) => p.meeting_id === row.id).map((p) => p.user_id),
    }));
  }

  async recordEvents(events: readonly RegistryEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('registry_events')
      .values(
        events.map((e) => ({
          at: e.at,
          kind: e.kind,
          actor_id: e.actorId,
          audience: e.audience.audience,
          branch_id: e.audience.audience === 'user' ? null : e.audience.branchId,
          user_id: e.audience.audience === 'user' ? e.audience.userId : null,
          ref_id: e.refId,
          about_branch_id: e.aboutBranchId ?? null,
          detail: e.detail ?? '',
        })),
      )
      .execute();
  }

  async eventsFor(
    userId: string,
    branchIds: readonly string[],
    options: { after?: number; limit: number },
  ): Promise<RecordedEvent[]> {
    let query = this.db
      .selectFrom('registry_events as e')
      .leftJoin('users as actor', 'actor.id', 'e.actor_id')
      .leftJoin('branches as about', 'about.id', 'e.about_branch_id')
      .select([
        'e.seq',
        'e.at',
        'e.kind',
        'e.audience',
        'e.branch_id as branchId',
        'e.user_id as userId',
        'e.ref_id as refId',
        'e.detail',
        'actor.name as actorName',
        'about.name as branchName',
      ])
      .where('e.actor_id', '!=', userId)
      .where((eb) =>
        branchIds.length === 0
          ? eb('e.user_id', '=', userId)
          : eb.or([eb('e.user_id', '=', userId), eb('e.branch_id', 'in', [...branchIds])]),
      );
    query =
      options.after === undefined
        ? query.orderBy('e.seq', 'desc')
        : query.where('e.seq', '>', options.after).orderBy('e.seq', 'asc');
    const rows = await query.limit(options.limit).execute();
    if (options.after === undefined) rows.reverse();
    return rows.map((row) => ({
      seq: Number(row.seq),
      at: Number(row.at),
      kind: row.kind as RecordedEvent['kind'],
      actorName: row.actorName ?? '',
      audience:
        row.audience === 'user'
          ? { audience: 'user', userId: row.userId ?? '' }
          : { audience: row.audience, branchId: row.branchId ?? '' },
      refId: row.refId,
      ...(row.branchName ? { branchName: row.branchName } : {}),
      ...(row.detail ? { detail: row.detail } : {}),
    }));
  }

  async rosterOfBranch(branchId: string): Promise<RosterEntry[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('tokens')
            .select((t) => ['user_id', t.fn.countAll<number | string>().as('devices')])
            .where('revoked_at', 'is', null)
            .groupBy('user_id')
            .as('t'),
        (join) => join.onRef('t.user_id', '=', 'm.user_id'),
      )
      .select([
        'm.branch_id as branchId',
        'm.user_id as userId',
        'm.role',
        'm.duty',
        'u.name',
        'm.joined_at',
        'm.group_id as groupId',
        't.devices',
      ])
      .where('m.branch_id', '=', branchId)
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
    return rows.map(({ joined_at, devices, ...row }) => ({
      ...membershipOf(row),
      joinedAt: joined_at === null ? null : Number(joined_at),
      devices: Number(devices ?? 0),
    }));
  }

  async formerMembersOfBranch(branchId: string): Promise<FormerMember[]> {
    const rows = await this.db
      .selectFrom('former_members as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['f.user_id as userId', 'u.name', 'f.role', 'f.removed_at as removedAt'])
      .where('f.branch_id', '=', branchId)
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
    return rows.map((row) => ({ ...row, removedAt: Number(row.removedAt) }));
  }

  async formerBranchesOfUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('former_members')
      .select('branch_id')
      .where('user_id', '=', userId)
      .orderBy('branch_id')
      .execute();
    return rows.map((r) => r.branch_id);
  }

  async groupLeadersOfUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('party_groups as g', 'g.id', 'm.group_id')
      .select('g.leader_user_id as leader')
      .where('m.user_id', '=', userId)
      .where('g.leader_user_id', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.leader === null ? [] : [r.leader]));
  }

  /** The membership of `userId` in `branchId`, read for a change (locked on PostgreSQL). */
  async #membership(db: Db, branchId: string, userId: string) {
    const row = await db
      .selectFrom('memberships')
      .select(['role', 'duty', 'group_id'])
      .where('branch_id', '=', branchId)
      .where('user_id', '=', userId)
      .$if(this.#dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) throw new AuthStoreError('not-found', `${userId} is not a member of ${branchId}`);
    return row;
  }

  /** Refuses to leave the branch without a secretary (the one who runs it from the app). */
  async #keepASecretary(db: Db, branchId: string, userId: string): Promise<void> {
    const others = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('branch_id', '=', branchId)
      .where('role', '=', 'secretary')
      .where('user_id', '<>', userId)
      .limit(1)
      .executeTakeFirst();
    if (!others)
      throw new AuthStoreError(
        'last-secretary',
        `the branch's last secretary cannot be removed or given another role; make someone else secretary first`,
      );
  }

  async #groupOfBranch(db: Db, branchId: string, groupId: string) {
    const group = await db
      .selectFrom('party_groups')
      .select(['id', 'leader_user_id'])
      .where('id', '=', groupId)
      .where('branch_id', '=', branchId)
      .executeTakeFirst();
    return group ?? null;
  }

  /** Puts a member into a group (or none); a leader moved out of their group leaves it leaderless. */
  async #moveToGroup(db: Db, branchId: string, userId: string, groupId: string | null) {
    await db
      .updateTable('party_groups')
      .set({ leader_user_id: null })
      .where('branch_id', '=', branchId)
      .where('leader_user_id', '=', userId)
      .$if(groupId !== null, (q) => q.where('id', '<>', groupId ?? ''))
      .execute();
    await db
      .updateTable('memberships')
      .set({ group_id: groupId })
      .where('branch_id', '=', branchId)
      .where('user_id', '=', userId)
      .execute();
  }

  async changeMember(branchId: string, userId: string, change: MemberChange): Promise<void> {
    await this.#transaction(async (trx) => {
      const current = await this.#membership(trx, branchId, userId);
      const role = change.role ?? current.role;
      // A plain member has no portfolio; otherwise the duty stays unless the change names one.
      const duty =
        change.duty !== undefined ? change.duty : role === 'member' ? null : current.duty;
      checkDuty({ role, ...(duty ? { duty: duty as never } : {}) });
      if (current.role === 'secretary' && role !== 'secretary') {
        await this.#keepASecretary(trx, branchId, userId);
      }
      if (change.groupId !== undefined && change.groupId !== null) {
        if (!(await this.#groupOfBranch(trx, branchId, change.groupId)))
          throw new AuthStoreError('invalid', `no party group ${change.groupId} in ${branchId}`);
      }
      if (change.name !== undefined) {
        await trx
          .updateTable('users')
          .set({ name: change.name })
          .where('id', '=', userId)
          .execute();
      }
      if (role !== current.role || duty !== current.duty) {
        await trx
          .updateTable('memberships')
          .set({ role, duty })
          .where('branch_id', '=', branchId)
          .where('user_id', '=', userId)
          .execute();
      }
      if (change.groupId !== undefined && change.groupId !== current.group_id) {
        await this.#moveToGroup(trx, branchId, userId, change.groupId);
      }
    });
  }

  async removeMember(branchId: string, userId: string, removedBy: string | null): Promise<number> {
    return this.#transaction(async (trx) => {
      const current = await this.#membership(trx, branchId, userId);
      if (current.role === 'secretary') await this.#keepASecretary(trx, branchId, userId);
      const joined = await trx
        .selectFrom('memberships')
        .select('joined_at')
        .where('branch_id', '=', branchId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      await trx
        .updateTable('party_groups')
        .set({ leader_user_id: null })
        .where('branch_id', '=', branchId)
        .where('leader_user_id', '=', userId)
        .execute();
      // The delete fires the memberships trigger: their sockets on the branch's documents close.
      await trx
        .deleteFrom('memberships')
        .where('branch_id', '=', branchId)
        .where('user_id', '=', userId)
        .execute();
      const record = {
        role: current.role,
        joined_at: joined?.joined_at === undefined ? null : Number(joined.joined_at) || null,
        removed_at: Date.now(),
        removed_by: removedBy,
      };
      await trx
        .insertInto('former_members')
        .values({ branch_id: branchId, user_id: userId, ...record })
        .onConflict((oc) => oc.columns(['branch_id', 'user_id']).doUpdateSet(record))
        .execute();
      const [left, organiser] = await Promise.all([
        trx
          .selectFrom('memberships')
          .select('branch_id')
          .where('user_id', '=', userId)
          .limit(1)
          .executeTakeFirst(),
        trx
          .selectFrom('organisers')
          .select('user_id')
          .where('user_id', '=', userId)
          .executeTakeFirst(),
      ]);
      if (left || organiser) return 0;
      // No branch left: signed out everywhere at once (open sockets close with 4401).
      const revoked = await trx
        .updateTable('tokens')
        .set({ revoked_at: Date.now() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(revoked.numUpdatedRows);
    });
  }

  async groupsOfBranch(branchId: string): Promise<PartyGroup[]> {
    const [groups, members] = await Promise.all([
      this.db
        .selectFrom('party_groups')
        .select(['id', 'branch_id as branchId', 'name', 'leader_user_id as leaderUserId'])
        .where('branch_id', '=', branchId)
        .orderBy('name')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('memberships')
        .select(['group_id', 'user_id'])
        .where('branch_id', '=', branchId)
        .where('group_id', 'is not', null)
        .orderBy('user_id')
        .execute(),
    ]);
    return groups.map((group) => ({
      ...group,
      memberIds: members.filter((m) => m.group_id === group.id).map((m) => m.user_id),
    }));
  }

  async #checkLeader(db: Db, branchId: string, leaderUserId: string | null | undefined) {
    if (!leaderUserId) return;
    const member = await db
      .selectFrom('memberships')
      .select('user_id')
      .where('branch_id', '=', branchId)
      .where('user_id', '=', leaderUserId)
      .executeTakeFirst();
    if (!member)
      throw new AuthStoreError('invalid', `a group leader must be a member of ${branchId}`);
  }

  async #nameTaken(db: Db, branchId: string, name: string, except?: string) {
    const row = await db
      .selectFrom('party_groups')
      .select('id')
      .where('branch_id', '=', branchId)
      .where('name', '=', name)
      .$if(except !== undefined, (q) => q.where('id', '<>', except ?? ''))
      .executeTakeFirst();
    if (row) throw new AuthStoreError('conflict', `the branch has a party group named ${name}`);
  }

  async addGroup(group: {
    id: string;
    branchId: string;
    name: string;
    leaderUserId: string | null;
  }): Promise<void> {
    await this.#transaction(async (trx) => {
      if (!(await this.#branchExists(trx, group.branchId)))
        throw new AuthStoreError('not-found', `no branch ${group.branchId}`);
      await this.#nameTaken(trx, group.branchId, group.name);
      await this.#checkLeader(trx, group.branchId, group.leaderUserId);
      await trx
        .insertInto('party_groups')
        .values({ id: group.id, branch_id: group.branchId, name: group.name, leader_user_id: null })
        .execute();
      if (group.leaderUserId) {
        await this.#moveToGroup(trx, group.branchId, group.leaderUserId, group.id);
        await trx
          .updateTable('party_groups')
          .set({ leader_user_id: group.leaderUserId })
          .where('id', '=', group.id)
          .execute();
      }
    });
  }

  async changeGroup(
    branchId: string,
    groupId: string,
    change: { name?: string; leaderUserId?: string | null },
  ): Promise<void> {
    await this.#transaction(async (trx) => {
      if (!(await this.#groupOfBranch(trx, branchId, groupId)))
        throw new AuthStoreError('not-found', `no party group ${groupId} in ${branchId}`);
      if (change.name !== undefined) {
        await this.#nameTaken(trx, branchId, change.name, groupId);
        await trx
          .updateTable('party_groups')
          .set({ name: change.name })
          .where('id', '=', groupId)
          .execute();
      }
      if (change.leaderUserId !== undefined) {
        await this.#checkLeader(trx, branchId, change.leaderUserId);
        // The 党小组长 is one of the group: naming them puts them in it.
        if (change.leaderUserId)
          await this.#moveToGroup(trx, branchId, change.leaderUserId, groupId);
        await trx
          .updateTable('party_groups')
          .set({ leader_user_id: change.leaderUserId })
          .where('id', '=', groupId)
          .execute();
      }
    });
  }

  async deleteGroup(branchId: string, groupId: string): Promise<void> {
    await this.#transaction(async (trx) => {
      if (!(await this.#groupOfBranch(trx, branchId, groupId)))
        throw new AuthStoreError('not-found', `no party group ${groupId} in ${branchId}`);
      await trx
        .updateTable('memberships')
        .set({ group_id: null })
        .where('branch_id', '=', branchId)
        .where('group_id', '=', groupId)
        .execute();
      await trx.deleteFrom('party_groups').where('id', '=', groupId).execute();
    });
  }

  async lastAccessChange(): Promise<number> {
    const row = await this.db
      .selectFrom('access_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async accessChangesSince(seq: number, limit: number): Promise<AccessChange[]> {
    const rows = await this.db
      .selectFrom('access_changes')
      .select(['seq', 'user_id as userId', 'doc'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }
}
