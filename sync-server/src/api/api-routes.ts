import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidId } from '@branchbook/model';
import { AuthStoreError } from '../auth/auth-store.ts';
import { IpRateLimit } from '../http/ip-rate-limit.ts';
import { HttpError, isRecord, readJson, sendJson } from './http-json.ts';
import { RouteContext, type ApiDeps } from './route-context.ts';
import { planRoutes } from './plan-routes.ts';
import { lessonRoutes } from './lesson-routes.ts';
import { pairingRoutes } from './pairing-routes.ts';

export type { ApiDeps };

/** Sign-in, the caller's memberships and the branch roster (committee only). */
function accountRoutes(deps: ApiDeps) {
  const redeemLimit = new IpRateLimit(deps.redeemsPerMinutePerIp ?? 30);
  return async (ctx: RouteContext): Promise<boolean> => {
    const path = ctx.url.pathname;

    if (path === '/api/redeem' && ctx.method === 'POST') {
      if (!redeemLimit.allow(ctx.req.socket.remoteAddress ?? 'unknown')) {
        throw new HttpError(429, 'too many attempts; wait a minute');
      }
      const body = await readJson(ctx.req);
      if (!isRecord(body) || typeof body.code !== 'string' || body.code.length > 64) {
        throw new HttpError(400, 'body must be { "code": string, "name"?: string }');
      }
      if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 64)) {
        throw new HttpError(400, '"name" must be a string of at most 64 characters');
      }
      sendJson(ctx.res, 200, await deps.accounts.redeemInvite(body.code, body.name));
      return true;
    }

    if (path === '/api/me' && ctx.method === 'GET') {
      const userId = await ctx.user();
      const user = await deps.auth.getUser(userId);
      const branches = await Promise.all(
        (await ctx.memberships()).map(async (m) => ({
          branchId: m.branchId,
          name: (await deps.auth.getBranch(m.branchId))?.name ?? m.branchId,
          role: m.role,
          ...(m.duty ? { duty: m.duty } : {}),
        })),
      );
      sendJson(ctx.res, 200, { userId, name: user?.name ?? userId, branches });
      return true;
    }

    const members = /^\/api\/branches\/([^/]+)\/members$/.exec(path);
    if (members && ctx.method === 'GET') {
      const branchId = decodeURIComponent(members[1] ?? '');
      if (!isValidId(branchId)) throw new HttpError(400, 'bad branch id');
      // The roster is for the branch committee only (DOMAIN.md, "Who may see what").
      await ctx.requireCommittee(branchId, 'see the roster');
      const list = await deps.auth.membersOfBranch(branchId);
      sendJson(ctx.res, 200, {
        branchId,
        members: list.map(({ userId, name, role, duty }) => ({
          userId,
          name,
          role,
          ...(duty ? { duty } : {}),
        })),
      });
      return true;
    }
    return false;
  };
}

/** The HTTP API under /api/; returns false for paths it does not know. */
export function apiRoutes(deps: ApiDeps) {
  const routes = [accountRoutes(deps), planRoutes, lessonRoutes, pairingRoutes];
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const ctx = new RouteContext(req, res, url, deps);
    try {
      for (const route of routes) if (await route(ctx)) return true;
      return false;
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
