import Database from 'better-sqlite3';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AuthStore, Pairing, RegisteredLesson } from '../src/auth/auth-store.ts';
import { hashSecret } from '../src/auth/secrets.ts';
import type { DocStore } from '../src/storage/doc-store.ts';
import { MIGRATIONS } from '../src/storage/migrations/index.ts';
import { openStorage, type Storage } from '../src/storage/open-storage.ts';
import { LEGACY_INVITES, LEGACY_PG_SCHEMA, LEGACY_TOKENS } from './fixtures/legacy.ts';
import { connectClient, tempDir, waitForDoc, whenSynced } from './helpers.ts';
import { freePort, spawnServer } from './server-process.ts';
import { DATABASE_URL, freshSchema, servicesMissing } from './services.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ALL = Object.keys(MIGRATIONS);

function expected(name: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8'));
}

const NO_REVIEW = { status: 'draft', by: '', byName: '', at: 0, note: '' };

/** A lesson as the old stores read it: no review, which an upgrade starts as a draft. */
function asLegacy(lesson: RegisteredLesson | null) {
  if (!lesson) return lesson;
  const { review, ...rest } = lesson;
  expect(review).toEqual(NO_REVIEW);
  return rest;
}

/** 0010 gave every token made before an id of its own: each is a device on its account's page. */
async function expectTokensAreDevices(auth: AuthStore): Promise<void> {
  const devices = [...(await auth.devicesOfUser('s1')), ...(await auth.devicesOfUser('m1'))];
  expect(devices.length).toBeGreaterThanOrEqual(2);
  expect(devices.every((d) => /^d[0-9a-f]{16}$/.test(d.id))).toBe(true);
  expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
}

/**
 * A pairing as the old stores read it: made at once, so every branch accepted (0009 adds
 * proposals), none asked, none ended; compared without the proposal fields.
 */
function asLegacyPairing(pairing: Pairing | null) {
  if (!pairing) return pairing;
  const { invitedIds, createdAt, ...rest } = pairing;
  expect(invitedIds).toEqual([]);
  expect(createdAt).toEqual(expect.any(Number));
  expect(rest).not.toHaveProperty('endedAt');
  expect(rest).not.toHaveProperty('proposedBy');
  return rest;
}

/** What the fixture script read back through the old stores; the same calls here. */
async function readBack(auth: AuthStore, docs: DocStore) {
  const users = ['s1', 'c1', 'c2', 'm1', 's2', 's3'];
  const branches = ['b1', 'b2', 'b3'];
  const now = Date.now();
  const pairings = await auth.pairingsOfBranches(branches);
  return {
    branches: await auth.branchesByIds(branches),
    users: await Promise.all(users.map((u) => auth.getUser(u))),
    membershipsOfUser: Object.fromEntries(
      await Promise.all(users.map(async (u) => [u, await auth.membershipsOfUser(u)])),
    ),
    membersOfBranch: Object.fromEntries(
      await Promise.all(branches.map(async (b) => [b, await auth.membersOfBranch(b)])),
    ),
    pairedBranches: Object.fromEntries(
      await Promise.all(branches.map(async (b) => [b, await auth.pairedBranches(b)])),
    ),
    pairings: pairings.map(asLegacyPairing),
    getPairing: (await Promise.all(pairings.map((p) => auth.getPairing(p.id)))).map(
      asLegacyPairing,
    ),
    tokens: {
      s1: await auth.userOfToken(hashSecret(LEGACY_TOKENS.s1)),
      m1: await auth.userOfToken(hashSecret(LEGACY_TOKENS.m1)),
      revoked: await auth.userOfToken(hashSecret('bb_legacy_revoked')),
    },
    invites: Object.fromEntries(
      await Promise.all(
        Object.entries(LEGACY_INVITES).map(async ([k, code]) => [
          k,
          await auth.findInvite(hashSecret(code), now),
        ]),
      ),
    ),
    plans: await Promise.all(['p1', 'p2', 'p3'].map((p) => auth.getPlan(p))),
    plansOfBranches: await auth.plansOfBranches(branches),
    // The old stores had no review (0006 adds it): compared without, checked to start as a draft.
    lessons: (await Promise.all(['l1', 'l2'].map((l) => auth.getLesson(l)))).map(asLegacy),
    lessonsOfUser: Object.fromEntries(
      await Promise.all(users.map(async (u) => [u, (await auth.lessonsOfUser(u)).map(asLegacy)])),
    ),
    lastAccessChange: await auth.lastAccessChange(),
    accessChanges: await auth.accessChangesSince(0, 1000),
    docs: {
      'branch:b1': (await docs.load('branch:b1')).updates.length,
      'lesson:l1': (await docs.load('lesson:l1')).updates.length,
    },
  };
}

/** The upgraded store still takes writes, and its triggers still record access changes. */
async function stillWorks(storage: Storage): Promise<void> {
  const { auth } = storage;
  const last = await auth.lastAccessChange();
  await auth.addMember({ branchId: 'b3', userId: 'm1', name: '王五', role: 'member' });
  await auth.addMember({ branchId: 'b3', userId: 'm1', name: '王五', role: 'committee' });
  expect(await auth.accessChangesSince(last, 10)).toEqual([
    { seq: last + 1, userId: 'm1', doc: null },
  ]);
  const invite = await auth.takeInvite(hashSecret(LEGACY_INVITES.open), Date.now());
  expect(invite).toMatchObject({ branchId: 'b1', role: 'member', userId: null });
  expect(await auth.takeInvite(hashSecret(LEGACY_INVITES.open), Date.now())).toBeNull();
}

describe('upgrading a database written before the one migration history', () => {
  it('SQLite: every record is read as before, the history is adopted, and a server starts on it', async () => {
    const dataDir = tempDir();
    cpSync(join(fixtures, 'legacy-sqlite'), dataDir, { recursive: true });
    const file = join(dataDir, 'branchbook.sqlite');

    const storage = await openStorage({ dataDir, databaseUrl: null, databaseSchema: 'public' });
    // All five recorded; 0003 and 0004 (user_version 2) did nothing — adding the duty column
    // or the access_changes table again would have failed.
    expect(storage.migrated).toEqual(ALL);
    expect(await readBack(storage.auth, storage.docs)).toEqual(
      expected('legacy-sqlite.expected.json'),
    );
    await expectTokensAreDevices(storage.auth);
    await storage.close();

    const raw = new Database(file, { readonly: true });
    expect(
      raw.prepare('SELECT id, branch_id, name, leader_user_id FROM party_groups').all(),
    ).toEqual([{ id: 'g1', branch_id: 'b1', name: '第一党小组', leader_user_id: 'c1' }]);
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    raw.close();

    // The server, as `pnpm start` runs it: a member's old token still signs in and the
    // branch document written before the upgrade arrives whole.
    const server = await spawnServer({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const client = connectClient(`${server.url.replace('http', 'ws')}/sync`, 'branch:b1', {
      token: LEGACY_TOKENS.s1,
    });
    await whenSynced(client.provider);
    await waitForDoc(client.doc, (d) => d.getArray('items').length === 2);
    expect(client.doc.getMap('settings').get('memberTarget')).toBe(32);
    expect(client.doc.getArray('items').toArray()).toEqual(['发掘现场学习', '主题党日']);
    client.provider.destroy();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);

    const again = await openStorage({ dataDir, databaseUrl: null, databaseSchema: 'public' });
    expect(again.migrated).toEqual([]);
    await stillWorks(again);
    await again.close();
  }, 60_000);

  it.skipIf(servicesMissing)(
    'PostgreSQL: a schema migrated by the old schema_migrations is adopted, every record kept',
    async () => {
      const schema = freshSchema();
      const dump = readFileSync(join(fixtures, 'legacy-pg.sql'), 'utf8')
        // psql meta-commands (\restrict …) are for psql only.
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n')
        .replaceAll(LEGACY_PG_SCHEMA, schema);
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(dump);
      await client.end();

      const storage = await openStorage({
        dataDir: '',
        databaseUrl: DATABASE_URL,
        databaseSchema: schema,
      });
      onTestFinished(() => storage.close());
      expect(storage.migrated).toEqual(ALL);
      expect(await readBack(storage.auth, storage.docs)).toEqual(
        expected('legacy-pg.expected.json'),
      );
      await expectTokensAreDevices(storage.auth);
      await stillWorks(storage);
      await storage.docs.ping();

      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      onTestFinished(() => pool.end());
      const old = await pool.query<{ version: number }>(
        `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
      );
      expect(old.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
      const groups = await pool.query(`SELECT id, name FROM "${schema}".party_groups`);
      expect(groups.rows).toEqual([{ id: 'g1', name: '第一党小组' }]);

      const again = await openStorage({
        dataDir: '',
        databaseUrl: DATABASE_URL,
        databaseSchema: schema,
      });
      onTestFinished(() => again.close());
      expect(again.migrated).toEqual([]);
    },
    60_000,
  );
});
