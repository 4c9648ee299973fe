import { parseArgs } from 'node:util';
import {
  COMMITTEE_DUTIES,
  isCommitteeDuty,
  isValidId,
  type CommitteeDuty,
} from '@branchbook/model';
import { ConfigError, configFromEnv, type Config } from '../config.ts';
import { openStorage, type Storage } from '../storage/open-storage.ts';
import { STORAGE_REFUSED_EXIT_CODE, StorageRefused } from '../storage/storage-health.ts';
import { Accounts } from '../auth/accounts.ts';
import { AuthStoreError, ROLES, isRole, type AuthStore } from '../auth/auth-store.ts';

const USAGE = `Usage: pnpm admin <command> [options]
(DATA_DIR selects the SQLite data directory, default ./data; DATABASE_URL selects PostgreSQL)

  branch add --id <id> --name <name>
  member add --branch <id> --user <userId> --name <name> --role secretary|committee|member
             [--duty deputy|organisation|publicity|discipline]   (a committee member's portfolio)
  member list --branch <id>             the branch's members (joined date, party group, devices
                                        signed in) and those removed from it
  member remove --branch <id> --user <userId>
                                        removes a member (their study log stays with the branch);
                                        with no branch left, every token of theirs is revoked
  pair --branches <id>,<id>[,<id>…]
  token --user <userId>                 prints a sign-in token as the last line
  token revoke --user <userId> | --token <token>
  invite --branch <id> --role <role> [--user <userId>] [--days <n>]
  setup [--force]                       prints a new one-time setup link (the institution and its
                                        organiser); refused once an organiser exists, unless --force
  migrate                               apply pending database migrations (SQLite or PostgreSQL);
                                        prints the names of those it applied

Every command prints JSON; errors go to stderr with exit code 1 (2 for usage errors, 3 when the
database file is refused: empty, damaged or not writable).`;

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function id(values: Values, name: string): string {
  const value = required(values, name);
  if (!isValidId(value)) throw new UsageError(`--${name} must be 1-64 letters, digits, "-" or "_"`);
  return value;
}

async function run(argv: string[], storage: Storage, config: Config): Promise<string[]> {
  const auth: AuthStore = storage.auth;
  const accounts = new Accounts(auth);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      branch: { type: 'string' },
      branches: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      duty: { type: 'string' },
      token: { type: 'string' },
      days: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  const json = (value: unknown) => JSON.stringify(value);
  const role = () => {
    const value = required(values, 'role');
    if (!isRole(value)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    return value;
  };
  const duty = (): { duty?: CommitteeDuty } => {
    const value = values.duty;
    if (value === undefined) return {};
    if (!isCommitteeDuty(value))
      throw new UsageError(`--duty must be one of ${COMMITTEE_DUTIES.join(', ')}`);
    return { duty: value };
  };
  switch (command) {
    case 'branch add':
      return [json(await auth.addBranch({ id: id(values, 'id'), name: required(values, 'name') }))];
    case 'member add':
      return [
        json(
          await auth.addMember({
            branchId: id(values, 'branch'),
            userId: id(values, 'user'),
            name: required(values, 'name'),
            role: role(),
            ...duty(),
          }),
        ),
      ];
    case 'member list': {
      const branchId = id(values, 'branch');
      if (!(await auth.getBranch(branchId)))
        throw new AuthStoreError('not-found', `no branch ${branchId}`);
      const [members, removed] = await Promise.all([
        auth.rosterOfBranch(branchId),
        auth.formerMembersOfBranch(branchId),
      ]);
      const date = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return [
        json({
          branchId,
          members: members.map((m) => ({ ...m, joinedAt: date(m.joinedAt) })),
          removed: removed.map((m) => ({ ...m, removedAt: date(m.removedAt) })),
        }),
      ];
    }
    case 'member remove': {
      const branchId = id(values, 'branch');
      const userId = id(values, 'user');
      const tokensRevoked = await auth.removeMember(branchId, userId, null);
      return [json({ branchId, userId, removed: true, tokensRevoked })];
    }
    case 'pair': {
      const branches = required(values, 'branches')
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      return [json(await auth.pair(branches))];
    }
    case 'token': {
      const userId = id(values, 'user');
      const token = await accounts.issueToken(userId);
      return [json({ userId, issued: true }), token];
    }
    case 'token revoke': {
      if (values.token) return [json({ revoked: await accounts.revokeToken(values.token) })];
      return [
        json({
          userId: id(values, 'user'),
          revoked: await auth.revokeTokensOfUser(id(values, 'user')),
        }),
      ];
    }
    case 'invite': {
      const days = values.days === undefined ? undefined : Number(values.days);
      if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 365)) {
        throw new UsageError('--days must be a number of days from 1 to 365');
      }
      const branchId = id(values, 'branch');
      const invite = await accounts.createInvite({
        branchId,
        role: role(),
        userId: values.user === undefined ? undefined : id(values, 'user'),
        ttlDays: days,
      });
      return [json({ ...invite, branchId, role: values.role })];
    }
    case 'setup': {
      if ((await auth.hasOrganiser()) && values.force !== true) {
        throw new AuthStoreError(
          'conflict',
          'the institution already has an organiser; an organiser invites secretaries from the app ' +
            '(--force prints a link for another organiser anyway)',
        );
      }
      const code = await accounts.newSetupCode();
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return [json({ setup: true }), `http://${host}:${config.port}/setup#${code}`];
    }
    case 'migrate':
      // openStorage has applied every pending migration by now; these are the ones it applied.
      return [json({ migrated: true, applied: storage.migrated })];
    case '':
    case 'help':
      if (values.help || command === 'help') return [USAGE];
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function main(): Promise<number> {
  let storage: Storage | undefined;
  try {
    const config = configFromEnv();
    storage = await openStorage(config);
    const lines = await run(process.argv.slice(2), storage, config);
    for (const line of lines) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof StorageRefused) {
      process.stderr.write(`${error.message}\n`);
      return STORAGE_REFUSED_EXIT_CODE;
    }
    if (error instanceof AuthStoreError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await storage?.close();
  }
}

process.exitCode = await main();
