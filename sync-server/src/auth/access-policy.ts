import type { DocName } from '@branchbook/model';

/** What one connection may do with one document. */
export type Access =
  | { allowed: true; userId: string | null; userName: string | null; canWrite: boolean }
  | { allowed: false; code: 4401 | 4403; reason: string };

/**
 * Decides document access from the server's own records — never from document content, which any
 * writer could forge.
 */
export interface AccessPolicy {
  authorize(token: string | null, doc: DocName): Promise<Access>;
}

/** Everyone may read and write everything: only for tests of the sync layer itself. */
export const openAccess: AccessPolicy = {
  authorize: () => Promise.resolve({ allowed: true, userId: null, userName: null, canWrite: true }),
};
