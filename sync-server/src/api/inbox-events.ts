import type { InboxKind } from '@branchbook/protocol';
import type { RegistryEvent } from '../auth/auth-store.ts';

/** What an event says, whoever it is for. */
export interface EventBody {
  kind: InboxKind;
  actorId: string;
  refId: string;
  aboutBranchId?: string;
  detail?: string;
}

/** One event per user (co-authors, a draft's writers), stamped now. */
export function toUsers(body: EventBody, userIds: readonly string[]): RegistryEvent[] {
  const at = Date.now();
  return userIds.map((userId) => ({ ...body, at, audience: { audience: 'user', userId } }));
}

/** One event per branch, for its members or its committee, stamped now. */
export function toBranches(
  body: EventBody,
  audience: 'members' | 'committee',
  branchIds: readonly string[],
): RegistryEvent[] {
  const at = Date.now();
  return branchIds.map((branchId) => ({ ...body, at, audience: { audience, branchId } }));
}
