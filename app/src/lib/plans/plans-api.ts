import { apiRequest } from '$lib/auth/api.ts';
import { parseServerPlans, type ServerPlan } from './plan-index.ts';
import { parsePairings, type Pairing } from './pairings.ts';

/** The plan and pairing registry of the sync server (sync-server/src/api/plan-routes.ts). */

/** `GET /api/plans`: the plans of every branch the user belongs to. */
export async function fetchPlans(serverUrl: string, token: string): Promise<ServerPlan[]> {
  return parseServerPlans(await apiRequest(serverUrl, '/api/plans', { token }));
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
  await apiRequest(serverUrl, '/api/plans', {
    token,
    method: 'POST',
    body: {
      id: plan.id,
      leadBranch: plan.leadBranchId,
      branches: plan.branchIds.filter((b) => b !== plan.leadBranchId),
    },
  });
}

/** `GET /api/pairings?month=`: the user's pairings with the month's lead branch. */
export async function fetchPairings(
  serverUrl: string,
  token: string,
  month: string,
): Promise<Pairing[]> {
  return parsePairings(
    await apiRequest(serverUrl, `/api/pairings?month=${encodeURIComponent(month)}`, { token }),
  );
}
