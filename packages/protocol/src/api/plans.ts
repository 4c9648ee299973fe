import * as v from 'valibot';
import { Id, idList } from './common.ts';

/** A registered joint plan: its lead branch and every participating branch (lead included). */
export const Plan = v.object({ id: Id, leadBranchId: Id, branchIds: v.array(Id) });
export type Plan = v.InferOutput<typeof Plan>;

/**
 * `GET /api/plans`, with the names of every branch the plans name — also of a branch no longer
 * paired with the caller's, so no plan ever shows a bare id.
 */
export const PlansResponse = v.object({
  plans: v.array(Plan),
  branches: v.optional(v.array(v.object({ id: Id, name: v.string() })), []),
});
export type PlansResponse = v.InferOutput<typeof PlansResponse>;

/** `POST /api/plans`: `branches` are the others, besides the lead (at most 20). */
export const RegisterPlanRequest = v.object({ id: Id, leadBranch: Id, branches: idList(20) });
export type RegisterPlanRequest = v.InferInput<typeof RegisterPlanRequest>;

export const PlanParams = v.object({ id: Id });

/** `PATCH /api/plans/:id`. */
export const ChangePlanRequest = v.object({
  add: v.optional(idList(20), []),
  remove: v.optional(idList(20), []),
});
export type ChangePlanRequest = v.InferInput<typeof ChangePlanRequest>;
