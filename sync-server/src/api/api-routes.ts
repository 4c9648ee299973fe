import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidId } from '@branchbook/model';
import type { AuthStore } from '../auth/auth-store.ts';
import { AuthStoreError } from '../auth/auth-store.ts';
import type { Accounts } from '../auth/accounts.ts';
import { IpRateLimit } from '../http/ip-rate-limit.ts';
import { HttpError, bearerToken, isRecord, readJson, sendJson } from './http-json.ts';

export interface ApiDeps {
  auth: AuthStore;
  accounts: Accounts;
  /** Invite redemptions per minute per IP: guessing codes must be slow. */
  redeemsPerMinutePerIp?: number;
}

/** The HTTP API under /api/; returns false for paths it does not know. */
export function apiRoutes(deps: ApiDeps) {
  const redeemLimit = new IpRateLimit(deps.redeemsPerMinutePerIp ?? 30);

  async function signedInUser(req: IncomingMessage): Promise<string> {
    const userId = await deps.accounts.userOfToken(bearerToken(req));
    if (!userId) throw new HttpError(401, 'sign in required');
    return userId;
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/api/redeem' && method === 'POST') {
      if (!redeemLimit.allow(req.socket.remoteAddress ?? 'unknown')) {
        throw new HttpError(429, 'too many attempts; wait a minute');
      }
      const body = await readJson(req);
      if (!isRecord(body) || typeof body.code !== 'string' || body.code.length > 64) {
        throw new HttpError(400, 'body must be { "code": string, "name"?: string }');
      }
      if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 64)) {
        throw new HttpError(400, '"name" must be a string of at most 64 characters');
      }
      sendJson(res, 200, await deps.accounts.redeemInvite(body.code, body.name));
      return true;
    }

    if (path === '/api/me' && method === 'GET') {
      const userId = await signedInUser(req);
      const user = await deps.auth.getUser(userId);
      const memberships = await deps.auth.membershipsOfUser(userId);
      const branches = await Promise.all(
        memberships.map(async (m) => ({
          branchId: m.branchId,
          name: (await deps.auth.getBranch(m.branchId))?.name ?? m.branchId,
          role: m.role,
        })),
      );
      sendJson(res, 200, { userId, name: user?.name ?? userId, branches });
      return true;
    }

    const members = /^\/api\/branches\/([^/]+)\/members$/.exec(path);
    if (members && method === 'GET') {
      const branchId = decodeURIComponent(members[1] ?? '');
      if (!isValidId(branchId)) throw new HttpError(400, 'bad branch id');
      const userId = await signedInUser(req);
      const mine = (await deps.auth.membershipsOfUser(userId)).find((m) => m.branchId === branchId);
      // The roster is for the branch committee only (DOMAIN.md, "Who may see what").
      if (!mine || mine.role === 'member')
        throw new HttpError(403, 'only the branch committee sees the roster');
      const list = await deps.auth.membersOfBranch(branchId);
      sendJson(res, 200, {
        branchId,
        members: list.map(({ userId: id, name, role }) => ({ userId: id, name, role })),
      });
      return true;
    }

    return false;
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    try {
      return await route(req, res, url);
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message });
      } else if (error instanceof AuthStoreError) {
        const status = error.code === 'not-found' ? 404 : error.code === 'conflict' ? 409 : 400;
        sendJson(res, status, { error: error.message });
      } else {
        throw error;
      }
      return true;
    }
  };
}
