import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthStore, Membership } from '../auth/auth-store.ts';
import type { Accounts } from '../auth/accounts.ts';
import { HttpError, bearerToken } from './http-json.ts';

export interface ApiDeps {
  auth: AuthStore;
  accounts: Accounts;
  /** Invite redemptions per minute per IP: guessing codes must be slow. */
  redeemsPerMinutePerIp?: number;
}

/** One API request: what a route handler needs, and the signed-in user on demand. */
export class RouteContext {
  #userId: string | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly deps: ApiDeps,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  /** The caller's user id; 401 without a live bearer token. */
  async user(): Promise<string> {
    if (this.#userId) return this.#userId;
    const userId = await this.deps.accounts.userOfToken(bearerToken(this.req));
    if (!userId) throw new HttpError(401, 'sign in required');
    this.#userId = userId;
    return userId;
  }

  async memberships(): Promise<Membership[]> {
    return this.deps.auth.membershipsOfUser(await this.user());
  }

  /** The caller's membership in a branch if they are its secretary or committee, else 403. */
  async requireCommittee(branchId: string, what: string): Promise<Membership> {
    const membership = (await this.memberships()).find((m) => m.branchId === branchId);
    if (!membership || membership.role === 'member') {
      throw new HttpError(403, `only the committee of branch ${branchId} may ${what}`);
    }
    return membership;
  }
}
