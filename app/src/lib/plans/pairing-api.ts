import {
  API,
  type CreatedInvite,
  type PairingBranch,
  type PairingView,
} from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import { parsePairingsAnswer, type PairingsAnswer } from './pairings.ts';

/**
 * Pairing proposals (sync-server/src/api/pairing-routes.ts): find the institution's branches by
 * name, propose, answer, end, choose a month's lead. Each action answers with the caller's
 * pairings and proposals afterwards, read as the list (`GET /api/pairings`) is.
 */

/** `GET /api/pairings/directory?name=` (a secretary): branch names containing `name`. */
export async function findBranches(
  serverUrl: string,
  token: string,
  name: string,
): Promise<PairingBranch[]> {
  const answer = await callApi(serverUrl, API.pairingDirectory, { token, query: { name } });
  return answer.branches;
}

/** `POST /api/pairings`: proposes pairing `home` (the caller's) with `others`. */
export async function proposePairing(
  serverUrl: string,
  token: string,
  home: string,
  others: readonly string[],
): Promise<PairingsAnswer> {
  return parsePairingsAnswer(
    await callApi(serverUrl, API.createPairing, { token, body: { branches: [home, ...others] } }),
  );
}

/** `POST /api/pairings/:id/answer`: 接受 or 婉拒 for the caller's branch `branch`. */
export async function answerPairing(
  serverUrl: string,
  token: string,
  id: string,
  branch: string,
  accept: boolean,
): Promise<PairingsAnswer> {
  return parsePairingsAnswer(
    await callApi(serverUrl, API.answerPairing, {
      token,
      params: { id },
      body: { branch, accept },
    }),
  );
}

/** `POST /api/pairings/:id/end`: ends a pairing, or withdraws a proposal. */
export async function endPairing(
  serverUrl: string,
  token: string,
  id: string,
): Promise<PairingsAnswer> {
  return parsePairingsAnswer(await callApi(serverUrl, API.endPairing, { token, params: { id } }));
}

/** `PUT /api/pairings/:id/leads/:month`: the month's lead branch. */
export function chooseLead(
  serverUrl: string,
  token: string,
  id: string,
  month: string,
  branch: string,
): Promise<PairingView> {
  return callApi(serverUrl, API.chooseLead, { token, params: { id, month }, body: { branch } });
}

/**
 * `POST /api/pairings/invites`: a pairing invite for a branch of another institution, from
 * `branch` (ours); shown once, as `/join#pair:<code>`.
 */
export function createPairingInvite(
  serverUrl: string,
  token: string,
  branch: string,
): Promise<CreatedInvite> {
  return callApi(serverUrl, API.createPairingInvite, { token, body: { branch } });
}
