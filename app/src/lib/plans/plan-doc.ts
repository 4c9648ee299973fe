import { SCHEMA_VERSION } from '@branchbook/model';
import { CLIENT_SCHEMA_PARAM, CLOSE } from '@branchbook/protocol';
import { syncUrlFor } from '$lib/auth/session.ts';
import type { AccountState } from '$lib/state/account.svelte.ts';
import { DocSession } from '$lib/sync/doc-session.svelte.ts';

/**
 * Opens a plan's document (`plan:<id>`): synced with the account's token and this build's plan
 * schema version, or on this device only — before sign-in, and while a plan drafted here waits
 * for its registration (the server refuses an unregistered plan for good, with 4403).
 */
export function openPlanDoc(
  account: AccountState,
  planId: string,
  options: { localOnly?: boolean } = {},
): DocSession {
  const name = `plan:${planId}`;
  const session = account.session;
  if (!session || session.revoked || options.localOnly)
    return new DocSession(name, { sync: false });
  return new DocSession(name, {
    params: { token: session.token, [CLIENT_SCHEMA_PARAM]: String(SCHEMA_VERSION.plan) },
    serverUrl: syncUrlFor(session.serverUrl),
    onrefused: (code) => {
      if (code === CLOSE.unauthorized) account.markRevoked();
    },
  });
}
