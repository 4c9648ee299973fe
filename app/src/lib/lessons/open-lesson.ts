import { CLIENT_SCHEMA_PARAM } from '@branchbook/protocol';
import { SCHEMA_VERSION } from '@branchbook/model';
import type { AccountState } from '$lib/state/account.svelte.ts';
import type { DocSession } from '$lib/sync/doc-session.svelte.ts';

/**
 * Opens `lesson:<id>` for the account: with history kept (`gc: false`, which named versions need
 * — every session of a lesson doc must keep it, or a compaction on this device would drop it) and
 * the schema version this build writes declared to the server, which drops writes from clients
 * older than the doc's minWriterVersion.
 */
export function openLessonDoc(account: Pick<AccountState, 'openDoc'>, id: string): DocSession {
  return account.openDoc(`lesson:${id}`, {
    gc: false,
    params: { [CLIENT_SCHEMA_PARAM]: String(SCHEMA_VERSION.lesson) },
  });
}
