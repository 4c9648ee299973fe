import type { AuthStore } from '../src/auth/auth-store.ts';
import { Accounts } from '../src/auth/accounts.ts';

/**
 * Creates one branch per document and a committee member per client of it (the role that may
 * write `branch:<id>`), and returns each document's clients' sign-in tokens. Runs before the
 * server children start, on the storage they will open.
 */
export async function createAccounts(
  auth: AuthStore,
  docNames: string[],
  clientsPerDoc: number[],
): Promise<string[][]> {
  const accounts = new Accounts(auth);
  const tokens: string[][] = [];
  for (const [d, docName] of docNames.entries()) {
    const branchId = docName.slice('branch:'.length);
    await auth.addBranch({ id: branchId, name: `支部 ${branchId}` });
    const doc: string[] = [];
    for (let k = 0; k < (clientsPerDoc[d] ?? 0); k++) {
      const userId = `${branchId}u${k}`;
      await auth.addMember({ branchId, userId, role: 'committee', name: `委员 ${userId}` });
      doc.push(await accounts.issueToken(userId, 'bench'));
    }
    tokens.push(doc);
  }
  return tokens;
}
