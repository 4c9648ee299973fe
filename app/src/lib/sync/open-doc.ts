import { CLIENT_SCHEMA_PARAM, CLOSE } from '@branchbook/protocol';
import { DOC_KIND_SPECS, formatDocName, type DocKind } from '@branchbook/model';
import { syncUrlFor } from '$lib/account/session.ts';
import { DocSession } from './doc-session.svelte.ts';

/** How to reach the server for a doc; null keeps it on this device. */
export interface DocConnection {
  serverUrl: string;
  token: string;
  /** The server refused the token (4401). */
  onrevoked?: () => void;
  /** The socket connected: the server is reachable (the outbox retries then). */
  onconnected?: () => void;
}

/**
 * The one place the app names a document (`<kind>:<id>`) and chooses how it is held: the kind's
 * `Y.Doc` options (a lesson keeps history for its named versions), and — when connected — the
 * token and the schema this build writes, declared for the server's writer gate (both from
 * `DOC_KIND_SPECS`). Everything else opens documents through `AccountState.openDoc`.
 *
 * @example openDoc('lesson', id, null) // on this device only, gc: false
 */
export function openDoc(kind: DocKind, id: string, connection: DocConnection | null): DocSession {
  const name = formatDocName({ kind, id });
  const spec = DOC_KIND_SPECS[kind];
  if (!connection) return new DocSession(name, { sync: false, gc: spec.gc });
  return new DocSession(name, {
    gc: spec.gc,
    params: { token: connection.token, [CLIENT_SCHEMA_PARAM]: String(spec.schemaVersion) },
    serverUrl: syncUrlFor(connection.serverUrl),
    onrefused: (code) => {
      if (code === CLOSE.unauthorized) connection.onrevoked?.();
    },
    ...(connection.onconnected ? { onconnected: connection.onconnected } : {}),
  });
}
