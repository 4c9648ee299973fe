import { API } from '@branchbook/protocol';
import { rateLimit } from '../http/rate-limit.ts';
import { clientAddress } from '../http/client-address.ts';
import { toBranches } from './inbox-events.ts';
import { HttpError } from './http-json.ts';
import { requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';
import type { MiddlewareHandler } from 'hono';
import type { Subject } from '@branchbook/model';
import type { ResponseOf } from '@branchbook/protocol';
import type { AuthStore } from '../auth/auth-store.ts';
import type { ApiEnv } from './route-context.ts';
import { rosterAnswer } from './roster-routes.ts';

const limiters = new WeakMap<ApiDeps, ReturnType<typeof rateLimit>>();

/**
 * One budget per client address for everything that takes a one-time code (invites, the setup
 * code), counted before the body is read: right and wrong codes alike.
 */
export function redeemLimited(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  let limit = deps.redeemLimit ?? limiters.get(deps);
  if (!limit) {
    limit = rateLimit({ name: 'redeem', points: 30, windowSeconds: 60 });
    limiters.set(deps, limit);
  }
  const taken = limit;
  return async (c, next) => {
    if (!(await taken.take(clientAddress(c.env.incoming, deps.trustProxy ?? false)))) {
      throw new HttpError(429, 'rate_limited', 'too many attempts; wait a minute');
    }
    await next();
  };
}

/** Sign-in, the caller's memberships and the branch roster (names for members, roles for the committee). */
export function accountRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth } = deps;

  route(
    app,
    API.redeem,
    async ({ body }) => {
      const redeemed = await deps.accounts.redeemInvite(
        body.code,
        body.name,
        body.deviceName,
        body.branch,
      );
      if (redeemed.pairing) {
        // The inviting branch's committee hears that the outside branch has joined as paired.
        const [joined] = await auth.branchesByIds([redeemed.branchId]);
        await auth.recordEvents(
          toBranches(
            {
              kind: 'pairing.accepted',
              actorId: redeemed.userId,
              refId: redeemed.pairing.id,
              aboutBranchId: redeemed.branchId,
              detail: joined?.name ?? '',
            },
            'committee',
            [redeemed.pairing.with],
          ),
        );
      }
      return redeemed;
    },
    redeemLimited(deps),
  );

  route(app, API.me, async ({ subject }) => meOf(auth, subject));

  route(app, API.members, async ({ params, subject }) => {
    const branchId = params.id;
    // Members of a branch see its names, to pick co-authors by name (never by id); the
    // committee also sees roles and duties (DOMAIN.md, "Who may see what"). Another branch's
    // roster is nobody's business: 403, the same whether or not the branch exists.
    requireMay(
      subject,
      'branch.readRoster',
      { branchId },
      'not_a_member',
      `only members of branch ${branchId} may see its roster`,
    );
    return rosterAnswer(auth, subject, branchId);
  });
}

/** `GET /api/me`'s answer for a subject: their name and branches (with the branches' names). */
export async function meOf(auth: AuthStore, subject: Subject): Promise<ResponseOf<typeof API.me>> {
  const user = await auth.getUser(subject.userId);
  const { memberships } = subject;
  const names = new Map(
    (await auth.branchesByIds(memberships.map((m) => m.branchId))).map((b) => [b.id, b.name]),
  );
  return {
    userId: subject.userId,
    name: user?.name ?? subject.userId,
    branches: memberships.map((m) => ({
      branchId: m.branchId,
      name: names.get(m.branchId) ?? m.branchId,
      role: m.role,
      ...(m.duty ? { duty: m.duty } : {}),
      ...(m.outside ? { outside: true } : {}),
    })),
    ...(subject.organiser ? { organiser: true } : {}),
  };
}
