import type { DocName } from '@branchbook/model';
import { CLOSE } from '@branchbook/protocol';
import type { Access, AccessPolicy } from './access-policy.ts';
import type { AuthStore, Membership } from './auth-store.ts';
import type { Accounts } from './accounts.ts';

const isCommittee = (m: Membership) => m.role === 'secretary' || m.role === 'committee';

/**
 * The access table of DESIGN.md ("Documents"), decided from the auth records only:
 *
 * | doc           | read                                              | write                          |
 * | branch:<b>    | members of b                                      | secretary, committee of b      |
 * | study:<u>     | u; secretary and committee of u's branches        | u                              |
 * | plan:<p>      | members of every participating branch             | committee of those branches    |
 * | lesson:<l>    | author, co-authors, committee of author's branch  | the same (the committee reviews) |
 */
export class DocumentAccess implements AccessPolicy {
  constructor(
    private readonly store: AuthStore,
    private readonly accounts: Accounts,
  ) {}

  async authorize(token: string | null, doc: DocName): Promise<Access> {
    const userId = await this.accounts.userOfToken(token);
    if (!userId) return { allowed: false, code: CLOSE.unauthorized, reason: 'sign in required' };
    const mine = await this.store.membershipsOfUser(userId);
    const rights = await this.#rights(userId, mine, doc);
    if (!rights.read)
      return { allowed: false, code: CLOSE.forbidden, reason: 'no access to this document' };
    return { allowed: true, userId, canWrite: rights.write };
  }

  async #rights(
    userId: string,
    mine: Membership[],
    doc: DocName,
  ): Promise<{ read: boolean; write: boolean }> {
    switch (doc.kind) {
      case 'branch': {
        const membership = mine.find((m) => m.branchId === doc.id);
        return { read: !!membership, write: !!membership && isCommittee(membership) };
      }
      case 'study': {
        if (doc.id === userId) return { read: true, write: true };
        const theirs = await this.store.membershipsOfUser(doc.id);
        const committeeOfTheirBranch = theirs.some((t) =>
          mine.some((m) => m.branchId === t.branchId && isCommittee(m)),
        );
        return { read: committeeOfTheirBranch, write: false };
      }
      case 'plan': {
        const plan = await this.store.getPlan(doc.id);
        if (!plan) return { read: false, write: false };
        const inPlan = mine.filter((m) => plan.branchIds.includes(m.branchId));
        return { read: inPlan.length > 0, write: inPlan.some(isCommittee) };
      }
      case 'lesson': {
        const lesson = await this.store.getLesson(doc.id);
        if (!lesson) return { read: false, write: false };
        const writer = lesson.authorId === userId || lesson.coAuthorIds.includes(userId);
        const committee = mine.some((m) => m.branchId === lesson.branchId && isCommittee(m));
        // The committee reviews drafts (submitted → approved is recorded in the doc), so it writes.
        return { read: writer || committee, write: writer || committee };
      }
    }
  }
}
