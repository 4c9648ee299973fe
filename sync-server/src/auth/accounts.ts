import { isValidId } from '@branchbook/model';
import { randomBytes } from 'node:crypto';
import { AuthStoreError, type AuthStore, type Role } from './auth-store.ts';
import { hashSecret, newInviteCode, newToken, normalizeInviteCode } from './secrets.ts';

/** Sign-in operations shared by the admin CLI and the HTTP API: one way to do each. */
export class Accounts {
  constructor(private readonly store: AuthStore) {}

  /** Issues a new sign-in token for an existing user; the plain token is returned once, never stored. */
  async issueToken(userId: string, label = 'admin'): Promise<string> {
    const token = newToken();
    await this.store.addToken(userId, hashSecret(token), label);
    return token;
  }

  async userOfToken(token: string | null): Promise<string | null> {
    if (!token || token.length > 200) return null;
    return this.store.userOfToken(hashSecret(token));
  }

  async revokeToken(token: string): Promise<number> {
    return this.store.revokeToken(hashSecret(token));
  }

  async createInvite(options: {
    branchId: string;
    role: Role;
    userId?: string;
    ttlDays?: number;
  }): Promise<{ code: string; expiresAt: string }> {
    if (!(await this.store.getBranch(options.branchId))) {
      throw new AuthStoreError('not-found', `no branch ${options.branchId}`);
    }
    const code = newInviteCode();
    const expiresAt = Date.now() + (options.ttlDays ?? 14) * 86_400_000;
    await this.store.addInvite(hashSecret(code), {
      branchId: options.branchId,
      role: options.role,
      userId: options.userId ?? null,
      expiresAt,
    });
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Redeems a one-time invite for a token. An invite made for a known user signs that user in;
   * otherwise a new user is created with `name` and joins the invite's branch with its role.
   */
  async redeemInvite(
    code: string,
    name: string | undefined,
  ): Promise<{ token: string; userId: string; name: string; branchId: string; role: Role }> {
    const codeHash = hashSecret(normalizeInviteCode(code));
    const unknown = () =>
      new AuthStoreError('not-found', 'invite code unknown, already used or expired');
    // Check the name before using the invite up, so a missing name does not waste it.
    const found = await this.store.findInvite(codeHash, Date.now());
    if (!found) throw unknown();
    if (!found.userId && !name?.trim()) {
      throw new AuthStoreError('invalid', 'a name is needed to join with this invite');
    }
    const invite = await this.store.takeInvite(codeHash, Date.now());
    if (!invite) throw unknown();
    let userId = invite.userId;
    let userName = name?.trim() ?? '';
    if (userId) {
      const user = await this.store.getUser(userId);
      userName = user?.name ?? (userName || userId);
    } else {
      userId = `u${randomBytes(10).toString('hex')}`;
    }
    if (!isValidId(userId)) throw new AuthStoreError('invalid', 'bad user id');
    await this.store.addMember({
      branchId: invite.branchId,
      userId,
      role: invite.role,
      name: userName,
    });
    const token = await this.issueToken(userId, 'invite');
    return { token, userId, name: userName, branchId: invite.branchId, role: invite.role };
  }
}
