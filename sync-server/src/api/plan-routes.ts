import { API } from '@branchbook/protocol';
import type { AuthStore } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { toBranches } from './inbox-events.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';

/** 403 `not_paired` for any of `branches` not paired with `lead`. */
async function requirePaired(auth: AuthStore, lead: string, branches: string[]): Promise<void> {
  const paired = new Set(await auth.pairedBranches(lead));
  const unpaired = branches.filter((b) => !paired.has(b));
  if (unpaired.length > 0) {
    throw new HttpError(403, 'not_paired', `not paired with ${lead}: ${unpaired.join(', ')}`);
  }
}

/**
 * The plan registry. A plan's doc (`plan:<id>`) is created on a device — offline if need be — and
 * registered here when online; until then the server refuses it, so it lives only on that device.
 * The lead branch's committee registers it, with branches paired with the lead.
 */
export function planRoutes(app: ApiApp, { auth }: ApiDeps): void {
  route(app, API.plans, async ({ subject }) => {
    const plans = await auth.plansOfBranches(subject.memberships.map((m) => m.branchId));
    const named = [...new Set(plans.flatMap((p) => p.branchIds))];
    return { plans, branches: await auth.branchesByIds(named) };
  });

  route(app, API.registerPlan, async ({ body, subject }) => {
    const lead = body.leadBranch;
    const branches = body.branches.filter((b) => b !== lead);
    requireMay(
      subject,
      'plan.register',
      { leadBranchId: lead },
      'not_committee',
      `only the committee of branch ${lead} may create plans led by it`,
    );
    await requirePaired(auth, lead, branches);
    const existing = await auth.getPlan(body.id);
    if (existing) {
      // A device retrying a registration whose answer it never saw gets the same answer again.
      const same =
        existing.leadBranchId === lead &&
        [lead, ...branches].sort().join() === existing.branchIds.join();
      if (!same) {
        throw new HttpError(409, 'conflict', `plan ${body.id} is already registered differently`);
      }
      return existing;
    }
    await auth.addPlan({ id: body.id, leadBranchId: lead, branchIds: branches });
    const shared = { kind: 'plan.shared', actorId: subject.userId, refId: body.id } as const;
    await auth.recordEvents(toBranches({ ...shared, aboutBranchId: lead }, 'members', branches));
    return new Created(await registered(auth, body.id));
  });

  route(app, API.changePlan, async ({ params, body, subject }) => {
    const plan = await auth.getPlan(params.id);
    if (!plan) throw new HttpError(404, 'not_found', 'no such plan');
    requireMay(
      subject,
      'plan.changeBranches',
      plan,
      'not_committee',
      `only the committee of branch ${plan.leadBranchId} may change which branches take part`,
    );
    if (body.remove.includes(plan.leadBranchId)) {
      throw new HttpError(400, 'lead_branch_required', 'the lead branch cannot be removed');
    }
    await requirePaired(auth, plan.leadBranchId, body.add);
    const next = new Set(plan.branchIds);
    for (const b of body.add) next.add(b);
    for (const b of body.remove) next.delete(b);
    await auth.setPlanBranches(plan.id, [...next]);
    const added = body.add.filter((b) => !plan.branchIds.includes(b));
    const shared = { kind: 'plan.shared', actorId: subject.userId, refId: plan.id } as const;
    await auth.recordEvents(
      toBranches({ ...shared, aboutBranchId: plan.leadBranchId }, 'members', added),
    );
    return registered(auth, plan.id);
  });
}

async function registered(auth: AuthStore, id: string) {
  const plan = await auth.getPlan(id);
  if (!plan) throw new Error(`plan ${id} vanished right after it was written`);
  return plan;
}
