import type { MeetingKind, RegisteredKind } from '@branchbook/model';

/** Where and as whom a registration is sent. */
export interface ServerAccess {
  serverUrl: string;
  token: string;
}

/**
 * What each registered kind sends to the server's registry, kept on the device with the document
 * until the server has it. A new registered kind (a row with `registered: true` in the model's
 * `DOC_KIND_SPECS`) adds its payload here and a registrar in `$lib/app/registrars.ts`; TypeScript asks for both.
 */
export interface RegistrationPayloads {
  plan: { leadBranchId: string; branchIds: string[] };
  lesson: { branch: string; coAuthors: string[] };
  /** A group meeting's party group; a talk's two people (the server refuses either elsewhere). */
  meeting: { branch: string; kind: MeetingKind; group?: string; participants?: string[] };
}

/** Sends one registration; throws `ApiError` (from the API module) when it did not succeed. */
export type Registrar<P> = (server: ServerAccess, id: string, payload: P) => Promise<void>;

export type Registrars = { [K in RegisteredKind]: Registrar<RegistrationPayloads[K]> };
