import { ApiError, failureOfStatus } from '$lib/auth/api.ts';
import { parseServerPlans, type ServerPlan } from './plan-index.ts';
import { parsePairings, type Pairing } from './pairings.ts';

/** The plan and pairing registry of the sync server (sync-server/src/api/plan-routes.ts). */

async function call(
  serverUrl: string,
  token: string,
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      ...init,
      cache: 'no-store',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
        ? body.error
        : response.statusText;
    throw new ApiError(failureOfStatus(response.status), response.status, message);
  }
  return body;
}

/** `GET /api/plans`: the plans of every branch the user belongs to. */
export async function fetchPlans(serverUrl: string, token: string): Promise<ServerPlan[]> {
  return parseServerPlans(await call(serverUrl, token, '/api/plans'));
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
  await call(serverUrl, token, '/api/plans', {
    method: 'POST',
    body: JSON.stringify({
      id: plan.id,
      leadBranch: plan.leadBranchId,
      branches: plan.branchIds.filter((b) => b !== plan.leadBranchId),
    }),
  });
}

/** `GET /api/pairings?month=`: the user's pairings with the month's lead branch. */
export async function fetchPairings(
  serverUrl: string,
  token: string,
  month: string,
): Promise<Pairing[]> {
  return parsePairings(
    await call(serverUrl, token, `/api/pairings?month=${encodeURIComponent(month)}`),
  );
}
