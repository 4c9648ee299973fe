import { isValidId } from '@branchbook/model';
import { randomBytes } from 'node:crypto';
import { AuthStoreError, type AuthStore, type Role, type TokenSession } from './auth-store.ts';
import {
  hashSecret,
  newInviteCode,
  newSetupCode,
  newSignInCode,
  newToken,
  normalizeInviteCode,
} from './secrets.ts';

/**
 * A device's last use is written at most this often: a request or socket within it of the last
 * recorded use reads the token as always (one SELECT by primary key) and writes nothing.
 */
export const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** How long a second device's sign-in code works. */
export const SIGN_IN_CODE_MS = 10 * 60_000;

/** Sign-in operations shared by the admin CLI and the HTTP API: one way to do each. */
export class Accounts {
  constructor(private readonly store: AuthStore) {}

  /**
   * Issues a new sign-in token for an existing user — one device — named `deviceName` when the
   * device said what it is; the plain token is returned once, never stored.
   */
  async issueToken(userId: string, label = 'admin', deviceName?: string): Promise<string> {
    const token = newToken();
    await this.store.addToken(userId, hashSecret(token), label, deviceName?.trim() || null);
    return token;
  }

  async userOfToken(token: string | null): Promise<string | null> {
    return (await this.sessionOfToken(token))?.userId ?? null;
  }

  /**
   * The live token's user and device, recording the device's use: the SELECT that finds the token
   * also reads when it was last seen, and only when that is `LAST_SEEN_EVERY_MS` old is one
   * UPDATE written — so the hot path (every API request, every socket) stays one indexed read.
   */
  async sessionOfToken(token: string | null): Promise<TokenSession | null> {
    if (!token || token.length > 200) return null;
    const session = await this.store.sessionOfToken(hashSecret(token));
    if (!session) return null;
    const now = Date.now();
    if (session.tokenId && now - session.lastSeenAt >= LAST_SEEN_EVERY_MS) {
      await this.store.touchToken(session.tokenId, now);
      return { ...session, lastSeenAt: now };
    }
    return session;
  }

  /**
   * A new sign-in code for another device of `userId`, replacing any open one: the plain code is
   * returned once, for the screen that shows it; only its hash is stored.
   */
  async newSignInCode(userId: string): Promise<{ code: string; expiresAt: string }> {
    const code = newSignInCode();
    const expiresAt = Date.now() + SIGN_IN_CODE_MS;
    await this.store.replaceSignInCode(userId, hashSecret(code), expiresAt);
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Uses up a sign-in code: a new token (a new device) for its user. */
  async signInWithCode(
    code: string,
    deviceName?: string,
  ): Promise<{ token: string; userId: string; name: string }> {
    const userId = await this.store.takeSignInCode(
      hashSecret(normalizeInviteCode(code)),
      Date.now(),
    );
    if (!userId)
      throw new AuthStoreError('not-found', 'sign-in code unknown, already used or expired');
    const user = await this.store.getUser(userId);
    const token = await this.issueToken(userId, 'code', deviceName);
    return { token, userId, name: user?.name ?? '' };
  }

  async revokeToken(token: string): Promise<number> {
    return this.store.revokeToken(hashSecret(token));
  }

  async createInvite(options: {
    branchId: string;
    role: Role;
    userId?: string;
    ttlDays?: number;
    /** Who it is for (the app lists it, and it is the new member's name unless they type one). */
    name?: string;
    /** The user making it, when made from the app. */
    createdBy?: string;
    /** A pairing invite: it makes an outside branch, paired with `branchId` (role: secretary). */
    pairing?: boolean;
  }): Promise<{ code: string; expiresAt: string; id: string }> {
    if (!(await this.store.getBranch(options.branchId))) {
      throw new AuthStoreError('not-found', `no branch ${options.branchId}`);
    }
    const code = newInviteCode();
    const id = `i${randomBytes(8).toString('hex')}`;
    const expiresAt = Date.now() + (options.ttlDays ?? 14) * 86_400_000;
    await this.store.addInvite(hashSecret(code), {
      id,
      branchId: options.branchId,
      role: options.role,
      userId: options.userId ?? null,
      expiresAt,
      ...(options.name ? { name: options.name } : {}),
      ...(options.createdBy ? { createdBy: options.createdBy } : {}),
      ...(options.pairing ? { pairing: true } : {}),
      createdAt: Date.now(),
    });
    return { code, expiresAt: new Date(expiresAt).toISOString(), id };
  }

  /**
   * A new one-time setup code (the first organiser's): every older one stops working. The plain
   * code is returned once, for the one line that shows it; only its hash is stored.
   */
  async newSetupCode(): Promise<string> {
    const code = newSetupCode();
    await this.store.replaceSetupCode(hashSecret(code));
    return code;
  }

  /**
   * On a first start (nobody in the registry yet) a setup code, replacing any a previous start
   * made; null once anyone exists — later codes come from `pnpm admin setup`.
   */
  async firstStartSetupCode(): Promise<string | null> {
    if ((await this.store.hasUsers()) || (await this.store.hasOrganiser())) return null;
    return this.newSetupCode();
  }

  /**
   * Uses up the setup code: names the institution and creates its organiser (a person with a
   * name, no branch membership), signed in on the device that sent it.
   */
  async setUp(
    code: string,
    institution: string,
    name: string,
    deviceName?: string,
  ): Promise<{ token: string; userId: string; name: string; institution: string }> {
    if (!code || !(await this.store.takeSetupCode(hashSecret(code)))) {
      throw new AuthStoreError('not-found', 'setup code unknown or already used');
    }
    const userId = `u${randomBytes(10).toString('hex')}`;
    await this.store.addOrganiser({ id: userId, name });
    await this.store.setInstitution(institution);
    const token = await this.issueToken(userId, 'setup', deviceName);
    return { token, userId, name, institution };
  }

  /**
   * Redeems a one-time invite for a token. An invite made for a known user signs that user in;
   * otherwise a new user is created with `name` and joins the invite's branch with its role. A
   * pairing invite instead creates the redeemer's own branch, named `branchName` and outside the
   * institution, with them as its secretary, paired with the inviting branch (redeeming it is
   * accepting the pairing).
   */
  async redeemInvite(
    code: string,
    name: string | undefined,
    deviceName?: string,
    branchName?: string,
  ): Promise<{
    token: string;
    userId: string;
    name: string;
    branchId: string;
    role: Role;
    /** A pairing invite's: the pairing made, with the inviting branch. */
    pairing?: { id: string; with: string };
  }> {
    const codeHash = hashSecret(normalizeInviteCode(code));
    const unknown = () =>
      new AuthStoreError('not-found', 'invite code unknown, already used or expired');
    // Check the names before using the invite up, so a missing one does not waste it.
    const found = await this.store.findInvite(codeHash, Date.now());
    if (!found) throw unknown();
    if (!found.userId && !name?.trim() && !found.name) {
      throw new AuthStoreError('invalid', 'a name is needed to join with this invite');
    }
    if (found.pairing && !branchName?.trim()) {
      throw new AuthStoreError('invalid', 'a branch name is needed to pair with this invite');
    }
    const invite = await this.store.takeInvite(codeHash, Date.now());
    if (!invite) throw unknown();
    let userId = invite.userId;
    let userName = name?.trim() || invite.name || '';
    if (userId) {
      const user = await this.store.getUser(userId);
      userName = user?.name ?? (userName || userId);
    } else {
      userId = `u${randomBytes(10).toString('hex')}`;
    }
    if (!isValidId(userId)) throw new AuthStoreError('invalid', 'bad user id');
    let branchId = invite.branchId;
    let role = invite.role;
    if (invite.pairing) {
      branchId = `b${randomBytes(10).toString('hex')}`;
      role = 'secretary';
      await this.store.addBranch({ id: branchId, name: branchName?.trim() ?? '', outside: true });
    }
    await this.store.addMember({ branchId, userId, role, name: userName });
    const pairing = invite.pairing ? await this.store.pair([invite.branchId, branchId]) : null;
    const token = await this.issueToken(userId, 'invite', deviceName);
    return {
      token,
      userId,
      name: userName,
      branchId,
      role,
      ...(pairing ? { pairing: { id: pairing.id, with: invite.branchId } } : {}),
    };
  }
}
