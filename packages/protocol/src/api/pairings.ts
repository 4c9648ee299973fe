import * as v from 'valibot';
import { Id, Month } from './common.ts';
import { DEFAULT_INVITE_DAYS, INVITE_DAYS } from './institution.ts';

/** A branch as a pairing names it: id and name, never its roster or headcount. */
export const PairingBranch = v.object({ id: Id, name: v.string() });
export type PairingBranch = v.InferOutput<typeof PairingBranch>;

/** A pairing (联建): its branches with their names, and the leads chosen explicitly, by month. */
export const PairingRecord = v.object({
  id: Id,
  branches: v.array(PairingBranch),
  /** Other months rotate (the model's `defaultLead`). */
  leads: v.record(Month, Id),
});
export type PairingRecord = v.InferOutput<typeof PairingRecord>;

/** A pairing as the API answers it: the record, the asked month and that month's lead. */
export const PairingView = v.object({ ...PairingRecord.entries, month: Month, lead: Id });
export type PairingView = v.InferOutput<typeof PairingView>;

/**
 * A proposed pairing still waiting for an answer, as the branches in it and the branches asked
 * see it (an inbox item "对方支部提议结对" reads it): who proposed it from which branch and when,
 * the branches that accepted, and those that have not answered yet. A pairing of three or more is
 * active once two have accepted; a branch still asked answers it here all the same.
 */
export const PairingProposal = v.object({
  id: Id,
  from: PairingBranch,
  /** The proposer's name (a secretary of `from`). */
  proposedBy: v.string(),
  /** ISO 8601. */
  proposedAt: v.string(),
  accepted: v.array(PairingBranch),
  invited: v.array(PairingBranch),
});
export type PairingProposal = v.InferOutput<typeof PairingProposal>;

/** The pairings a device keeps (the app's offline copy of `GET /api/pairings`). */
export const StoredPairings = v.object({
  pairings: v.array(PairingRecord),
  /** Copies from before proposals have none. */
  proposals: v.optional(v.array(PairingProposal), []),
});

/** `GET /api/pairings?month=YYYY-MM` (this month by default). */
export const PairingsQuery = v.object({ month: v.optional(Month) });

/**
 * The caller's branches' active pairings, and the proposals their branches made or were asked
 * to answer (not ended, not declined).
 */
export const PairingsResponse = v.object({
  pairings: v.array(PairingView),
  proposals: v.array(PairingProposal),
});
export type PairingsResponse = v.InferOutput<typeof PairingsResponse>;

/**
 * `POST /api/pairings`: propose a pairing of 2 to 10 branches ("1+1+X"), one of them the caller's
 * (a secretary's). The others are asked; any of them the caller is also secretary of accepts at once.
 */
export const CreatePairingRequest = v.object({
  branches: v.pipe(
    v.array(Id),
    v.minLength(2, 'at least 2 branches'),
    v.maxLength(10, 'at most 10 branches'),
  ),
});
export type CreatePairingRequest = v.InferInput<typeof CreatePairingRequest>;

export const PairingLeadParams = v.object({ id: Id, month: Month });

/** `PUT /api/pairings/:id/leads/:month`: one of the pairing's branches. */
export const ChooseLeadRequest = v.object({ branch: Id });
export type ChooseLeadRequest = v.InferInput<typeof ChooseLeadRequest>;

/** `GET /api/pairings/directory?name=`: the institution's branches whose name contains `name`. */
export const PairingDirectoryQuery = v.object({
  name: v.optional(v.pipe(v.string(), v.maxLength(64, 'at most 64 characters'))),
});

export const PairingDirectoryResponse = v.object({ branches: v.array(PairingBranch) });
export type PairingDirectoryResponse = v.InferOutput<typeof PairingDirectoryResponse>;

export const PairingParams = v.object({ id: Id });

/** `POST /api/pairings/:id/answer`: accept or decline, for one of the caller's branches. */
export const AnswerPairingRequest = v.object({ branch: Id, accept: v.boolean() });
export type AnswerPairingRequest = v.InferInput<typeof AnswerPairingRequest>;

/**
 * `POST /api/pairings/invites`: a pairing invite link for a branch of another institution (not
 * on this server), from one of ours (`branch`). Its secretary redeems it at `/join#pair:<code>`,
 * naming their branch; the answer is the invite once, as `CreatedInvite` (role: secretary).
 */
export const CreatePairingInviteRequest = v.object({
  branch: Id,
  days: v.optional(v.picklist(INVITE_DAYS), DEFAULT_INVITE_DAYS),
});
export type CreatePairingInviteRequest = v.InferInput<typeof CreatePairingInviteRequest>;
