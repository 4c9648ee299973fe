import type { CreatedInvite, PairingBranch } from '@branchbook/protocol';
import type { AccountSession } from '$lib/account/session.ts';
import { ApiError } from '$lib/api/client.ts';
import type { PlanListState } from './plan-list.svelte.ts';
import {
  answerPairing,
  chooseLead,
  createPairingInvite,
  endPairing,
  findBranches,
  proposePairing,
} from './pairing-api.ts';
import type { PairingsAnswer } from './pairings.ts';

/** Why a pairing action failed, as the screen says it in one sentence. */
export type PairingFailure = 'offline' | 'forbidden' | 'conflict' | 'gone' | 'other';

export function pairingFailureOf(error: unknown): PairingFailure {
  if (!(error instanceof ApiError)) return 'other';
  if (error.failure === 'network') return 'offline';
  if (error.failure === 'forbidden') return 'forbidden';
  if (error.failure === 'not-found') return 'gone';
  if (error.status === 409) return 'conflict';
  return 'other';
}

/**
 * The pairings screen's actions (查找支部, 提议结对, 接受/婉拒, 结束结对, 设置牵头支部). Each needs
 * the server; its answer replaces the list's pairings and proposals, which stay on the device for
 * reading offline. One action at a time: `busy` names it, `failure` says why the last one failed.
 */
export class PairingBoard {
  #list: PlanListState;
  #session: () => AccountSession | null;
  /** The branches the last search found (null: none made yet). */
  found: PairingBranch[] | null = $state(null);
  /** The pairing invite just made (its code is shown this once). */
  invite: CreatedInvite | null = $state(null);
  busy: string | null = $state(null);
  failure: { action: string; kind: PairingFailure } | null = $state(null);

  #month: string;

  /** `month`: this month, which a refresh after a stale action asks for. */
  constructor(list: PlanListState, session: () => AccountSession | null, month: string) {
    this.#list = list;
    this.#session = session;
    this.#month = month;
  }

  async #run(action: string, work: (session: AccountSession) => Promise<void>): Promise<boolean> {
    const session = this.#session();
    if (this.busy !== null) return false;
    if (!session || session.revoked) {
      this.failure = { action, kind: 'forbidden' };
      return false;
    }
    this.busy = action;
    this.failure = null;
    try {
      await work(session);
      return true;
    } catch (error) {
      const kind = pairingFailureOf(error);
      this.failure = { action, kind };
      // Answered or ended elsewhere meanwhile: show what the server has now.
      if (kind === 'conflict' || kind === 'gone') await this.#list.refresh(this.#month);
      return false;
    } finally {
      this.busy = null;
    }
  }

  #take(answer: PairingsAnswer): void {
    this.#list.takePairings(answer);
  }

  search(name: string): Promise<boolean> {
    return this.#run('search', async (s) => {
      this.found = await findBranches(s.serverUrl, s.token, name.trim());
    });
  }

  propose(home: string, other: string): Promise<boolean> {
    return this.#run(`propose:${other}`, async (s) => {
      this.#take(await proposePairing(s.serverUrl, s.token, home, [other]));
    });
  }

  answer(id: string, branch: string, accept: boolean): Promise<boolean> {
    return this.#run(`answer:${id}`, async (s) => {
      this.#take(await answerPairing(s.serverUrl, s.token, id, branch, accept));
    });
  }

  end(id: string): Promise<boolean> {
    return this.#run(`end:${id}`, async (s) => {
      this.#take(await endPairing(s.serverUrl, s.token, id));
    });
  }

  inviteOutside(home: string): Promise<boolean> {
    return this.#run('invite', async (s) => {
      this.invite = await createPairingInvite(s.serverUrl, s.token, home);
    });
  }

  chooseLead(id: string, month: string, branch: string): Promise<boolean> {
    return this.#run(`lead:${id}:${month}`, async (s) => {
      const view = await chooseLead(s.serverUrl, s.token, id, month, branch);
      this.#take({
        pairings: this.#list.pairings.map((p) => (p.id === id ? { ...p, leads: view.leads } : p)),
        proposals: this.#list.proposals,
      });
    });
  }
}
