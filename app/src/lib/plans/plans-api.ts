import { API } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import { parsePairingsAnswer, type PairingsAnswer } from './pairings.ts';
import { parseServerPlans, type ServerPlan } from './plan-index.ts';

/** The plan and pairing registry of the sync server (sync-server/src/api/plan-routes.ts). */

/** `GET /api/plans`: the plans of every branch the user belongs to, and their branches' names. */
export async function fetchPlans(
  serverUrl: string,
  token: string,
): Promise<{ plans: ServerPlan[]; branches: { id: string; name: string }[] }> {
  const answer = await callApi(serverUrl, API.plans, { token });
  return { plans: parseServerPlans(answer), branches: answer.branches };
}

/**
 * `POST /api/plans`: registers a plan drafted on this device, so the server accepts its document
 * and the paired branches can open it. Idempotent: a retry after a lost answer succeeds.
 */
export async function registerPlan(
  serverUrl: string,
  token: string,
  plan: { id: string; leadBranchId: string; branchIds: readonly string[] },
): Promise<void> {
  await callApi(serverUrl, API.registerPlan, {
    token,
    body: {
      id: plan.id,
      leadBranch: plan.leadBranchId,
      branches: plan.branchIds.filter((b) => b !== plan.leadBranchId),
    },
  });
}

/**
 * `GET /api/pairings?month=`: the user's pairings with the month's lead branch, and the
 * proposals their branches made or were asked to answer.
 */
export async function fetchPairings(
  serverUrl: string,
  token: string,
  month: string,
): Promise<PairingsAnswer> {
  return parsePairingsAnswer(await callApi(serverUrl, API.pairings, { token, query: { month } }));
}
