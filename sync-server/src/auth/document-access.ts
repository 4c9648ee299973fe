import { rights, type DocFacts, type DocKind, type DocName, type Subject } from '@branchbook/model';
import { CLOSE } from '@branchbook/protocol';
import type { Access, AccessPolicy } from './access-policy.ts';
import type { AuthStore } from './auth-store.ts';
import type { Accounts } from './accounts.ts';

/**
 * The WebSocket gate: who the token belongs to, then the one access rule (`rights` in
 * packages/model/src/access.ts) over the registry's facts about the document.
 */
export class DocumentAccess implements AccessPolicy {
  constructor(
    private readonly store: AuthStore,
    private readonly accounts: Accounts,
  ) {}

  async authorize(token: string | null, doc: DocName): Promise<Access> {
    const userId = await this.accounts.userOfToken(token);
    if (!userId) return { allowed: false, code: CLOSE.unauthorized, reason: 'sign in required' };
    // Documents are decided by branch memberships alone (the organiser has no document rights).
    const subject: Subject = { userId, memberships: await this.store.membershipsOfUser(userId) };
    const granted = rights(subject, doc, await this.#facts(doc));
    if (!granted.read)
      return { allowed: false, code: CLOSE.forbidden, reason: 'no access to this document' };
    const user = await this.store.getUser(userId);
    return { allowed: true, userId, userName: user?.name ?? userId, canWrite: granted.write };
  }

  /** The registry's facts about one document; null when the registry does not know it. */
  async #facts(doc: DocName): Promise<DocFacts[DocKind] | null> {
    switch (doc.kind) {
      case 'branch':
      case 'yearplan':
        // The name says whose it is (`rights` reads the branch from it).
        return {};
      case 'study': {
        const [owner, former, leaders] = await Promise.all([
          this.store.membershipsOfUser(doc.id),
          this.store.formerBranchesOfUser(doc.id),
          this.store.groupLeadersOfUser(doc.id),
        ]);
        return {
          ownerBranchIds: owner.map((m) => m.branchId),
          formerBranchIds: former,
          groupLeaderIds: leaders,
        };
      }
      case 'plan':
        return this.store.getPlan(doc.id);
      case 'lesson':
        return this.store.getLesson(doc.id);
      case 'meeting':
        return this.store.getMeeting(doc.id);
    }
  }
}
