import type { MeetingKind } from '@branchbook/model';
import { API } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';

/** The meeting registry of the sync server (sync-server/src/api/meeting-routes.ts). */

/** What a record created on this device registers with: the facts that decide who reads it. */
export interface MeetingRegistration {
  branch: string;
  kind: MeetingKind;
  /** A group meeting's party group. */
  group?: string;
  /** A talk's two people. */
  participants?: string[];
}

/**
 * `POST /api/meetings`: registers a record drafted on this device, so the server accepts its
 * document. Idempotent: a retry after a lost answer succeeds.
 */
export async function registerMeeting(
  serverUrl: string,
  token: string,
  meeting: MeetingRegistration & { id: string },
): Promise<void> {
  await callApi(serverUrl, API.registerMeeting, { token, body: meeting });
}
