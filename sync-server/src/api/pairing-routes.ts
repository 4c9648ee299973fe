import { isValidId } from '@branchbook/model';
import { defaultLead, type Pairing } from '../auth/auth-store.ts';
import { HttpError, isRecord, readJson, sendJson } from './http-json.ts';
import type { RouteContext } from './route-context.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A pairing as the app needs it: branch names and the lead of the asked month. */
async function describe(ctx: RouteContext, pairing: Pairing, month: string) {
  const branches = await Promise.all(
    pairing.branchIds.map(async (id) => ({
      id,
      name: (await ctx.deps.auth.getBranch(id))?.name ?? id,
    })),
  );
  return {
    id: pairing.id,
    branches,
    month,
    lead: pairing.leads?.[month] ?? defaultLead(pairing.branchIds, month),
    leads: pairing.leads ?? {},
  };
}

/**
 * Pairings (联建) for secretaries: list one's pairings with the month's lead branch, pair one's
 * branch with others, and choose a month's lead. Only branch ids and names cross branches here —
 * never rosters.
 */
export async function pairingRoutes(ctx: RouteContext): Promise<boolean> {
  const { auth } = ctx.deps;
  const path = ctx.url.pathname;

  if (path === '/api/pairings' && ctx.method === 'GET') {
    const month = ctx.url.searchParams.get('month') ?? new Date().toISOString().slice(0, 7);
    if (!MONTH.test(month)) throw new HttpError(400, '"month" must look like 2026-05');
    const seen = new Map<string, Pairing>();
    for (const m of await ctx.memberships()) {
      for (const p of await auth.pairingsOfBranch(m.branchId)) seen.set(p.id, p);
    }
    sendJson(ctx.res, 200, {
      pairings: await Promise.all([...seen.values()].map((p) => describe(ctx, p, month))),
    });
    return true;
  }

  if (path === '/api/pairings' && ctx.method === 'POST') {
    const body = await readJson(ctx.req);
    if (
      !isRecord(body) ||
      !Array.isArray(body.branches) ||
      body.branches.length < 2 ||
      body.branches.length > 10 ||
      !body.branches.every((b) => typeof b === 'string' && isValidId(b))
    ) {
      throw new HttpError(400, 'body must be { "branches": [2-10 branch ids] }');
    }
    const branches = body.branches as string[];
    const mine = (await ctx.memberships())
      .filter((m) => m.role === 'secretary')
      .map((m) => m.branchId);
    if (!branches.some((b) => mine.includes(b))) {
      throw new HttpError(403, 'only a secretary of one of these branches may pair them');
    }
    for (const b of branches)
      if (!(await auth.getBranch(b))) throw new HttpError(404, `no branch ${b}`);
    const pairing = await auth.pair(branches);
    sendJson(ctx.res, 201, await describe(ctx, pairing, new Date().toISOString().slice(0, 7)));
    return true;
  }

  const lead = /^\/api\/pairings\/([^/]+)\/leads\/([^/]+)$/.exec(path);
  if (lead && ctx.method === 'PUT') {
    const [pairingId = '', month = ''] = [
      decodeURIComponent(lead[1] ?? ''),
      decodeURIComponent(lead[2] ?? ''),
    ];
    if (!MONTH.test(month)) throw new HttpError(400, 'month must look like 2026-05');
    const pairing = await auth.getPairing(pairingId);
    if (!pairing) throw new HttpError(404, 'no such pairing');
    const body = await readJson(ctx.req);
    if (
      !isRecord(body) ||
      typeof body.branch !== 'string' ||
      !pairing.branchIds.includes(body.branch)
    ) {
      throw new HttpError(400, 'body must be { "branch": <a branch of this pairing> }');
    }
    const mine = (await ctx.memberships())
      .filter((m) => m.role === 'secretary')
      .map((m) => m.branchId);
    if (!pairing.branchIds.some((b) => mine.includes(b))) {
      throw new HttpError(403, "only a secretary of the pairing's branches chooses the lead");
    }
    await auth.setPairingLead(pairingId, month, body.branch);
    sendJson(
      ctx.res,
      200,
      await describe(ctx, (await auth.getPairing(pairingId)) ?? pairing, month),
    );
    return true;
  }

  return false;
}
