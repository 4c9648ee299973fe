import { isValidId } from '@branchbook/model';
import { HttpError, isRecord, readJson, sendJson } from './http-json.ts';
import type { RouteContext } from './route-context.ts';

function idList(value: unknown, name: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length > 20 ||
    !value.every((v) => typeof v === 'string' && isValidId(v))
  ) {
    throw new HttpError(400, `"${name}" must be a list of at most 20 branch ids`);
  }
  return [...new Set(value as string[])];
}

/**
 * The plan registry. A plan's doc (`plan:<id>`) is created on a device — offline if need be — and
 * registered here when online; until then the server refuses it, so it lives only on that device.
 * The lead branch's committee registers it, with branches paired with the lead.
 */
export async function planRoutes(ctx: RouteContext): Promise<boolean> {
  const { auth } = ctx.deps;
  const path = ctx.url.pathname;

  if (path === '/api/plans' && ctx.method === 'GET') {
    const plans = new Map<string, unknown>();
    for (const m of await ctx.memberships()) {
      for (const plan of await auth.plansOfBranch(m.branchId)) plans.set(plan.id, plan);
    }
    sendJson(ctx.res, 200, { plans: [...plans.values()] });
    return true;
  }

  if (path === '/api/plans' && ctx.method === 'POST') {
    await ctx.user();
    const body = await readJson(ctx.req);
    if (!isRecord(body) || typeof body.id !== 'string' || !isValidId(body.id)) {
      throw new HttpError(
        400,
        'body must be { "id", "leadBranch", "branches": [...] } with valid ids',
      );
    }
    if (typeof body.leadBranch !== 'string' || !isValidId(body.leadBranch)) {
      throw new HttpError(400, '"leadBranch" must be a branch id');
    }
    const lead = body.leadBranch;
    const branches = idList(body.branches, 'branches').filter((b) => b !== lead);
    await ctx.requireCommittee(lead, 'create plans led by it');
    const paired = new Set(await auth.pairedBranches(lead));
    const unpaired = branches.filter((b) => !paired.has(b));
    if (unpaired.length > 0)
      throw new HttpError(403, `not paired with ${lead}: ${unpaired.join(', ')}`);
    const existing = await auth.getPlan(body.id);
    if (existing) {
      // A device retrying a registration whose answer it never saw gets the same answer again.
      const same =
        existing.leadBranchId === lead &&
        [lead, ...branches].sort().join() === existing.branchIds.join();
      if (!same) throw new HttpError(409, `plan ${body.id} is already registered differently`);
      sendJson(ctx.res, 200, existing);
      return true;
    }
    await auth.addPlan({ id: body.id, leadBranchId: lead, branchIds: branches });
    sendJson(ctx.res, 201, await auth.getPlan(body.id));
    return true;
  }

  const one = /^\/api\/plans\/([^/]+)$/.exec(path);
  if (one && ctx.method === 'PATCH') {
    const id = decodeURIComponent(one[1] ?? '');
    const plan = isValidId(id) ? await auth.getPlan(id) : null;
    if (!plan) throw new HttpError(404, 'no such plan');
    await ctx.requireCommittee(plan.leadBranchId, 'change which branches take part');
    const body = await readJson(ctx.req);
    if (!isRecord(body))
      throw new HttpError(400, 'body must be { "add"?: [...], "remove"?: [...] }');
    const add = body.add === undefined ? [] : idList(body.add, 'add');
    const remove = body.remove === undefined ? [] : idList(body.remove, 'remove');
    if (remove.includes(plan.leadBranchId))
      throw new HttpError(400, 'the lead branch cannot be removed');
    const paired = new Set(await auth.pairedBranches(plan.leadBranchId));
    const unpaired = add.filter((b) => !paired.has(b));
    if (unpaired.length > 0)
      throw new HttpError(403, `not paired with ${plan.leadBranchId}: ${unpaired.join(', ')}`);
    const next = new Set(plan.branchIds);
    for (const b of add) next.add(b);
    for (const b of remove) next.delete(b);
    await auth.setPlanBranches(id, [...next]);
    sendJson(ctx.res, 200, await auth.getPlan(id));
    return true;
  }

  return false;
}
