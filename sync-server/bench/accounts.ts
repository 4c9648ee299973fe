import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { SqliteAuthStore } from '../src/auth/sqlite-auth-store.ts';
import { Accounts } from '../src/auth/accounts.ts';

/**
 * Creates, in `dataDir`, one branch per document and a committee member per client of it (the
 * role that may write `branch:<id>`), and returns each document's clients' sign-in tokens.
 * Runs before the server child starts, on the same SQLite file it will open.
 */
export async function createAccounts(
  dataDir: string,
  docNames: string[],
  clientsPerDoc: number[],
): Promise<string[][]> {
  const store = SqliteStore.open(dataDir);
  try {
    const auth = new SqliteAuthStore(store.db);
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
  } finally {
    await store.close();
  }
}
