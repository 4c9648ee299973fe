import type * as v from 'valibot';
import {
  BranchParams,
  MeResponse,
  MembersResponse,
  RedeemRequest,
  RedeemResponse,
} from './account.ts';
import {
  ChangePlanRequest,
  PlanParams,
  Plan,
  PlansResponse,
  RegisterPlanRequest,
} from './plans.ts';
import {
  ChangeLessonRequest,
  Lesson,
  LessonParams,
  LessonsResponse,
  RegisterLessonRequest,
  ReviewLessonRequest,
} from './lessons.ts';
import {
  AnswerPairingRequest,
  ChooseLeadRequest,
  CreatePairingInviteRequest,
  CreatePairingRequest,
  PairingDirectoryQuery,
  PairingDirectoryResponse,
  PairingLeadParams,
  PairingParams,
  PairingView,
  PairingsQuery,
  PairingsResponse,
} from './pairings.ts';
import {
  CreateBranchRequest,
  CreateInviteRequest,
  CreatedInvite,
  DirectoryBranch,
  InstitutionResponse,
  InviteParams,
  InvitesResponse,
  SetupRequest,
  SetupResponse,
} from './institution.ts';
import { InboxQuery, InboxResponse } from './inbox.ts';
import { Meeting, MeetingsResponse, RegisterMeetingRequest } from './meetings.ts';
import {
  DeviceParams,
  DevicesResponse,
  RenameDeviceRequest,
  RenameMeRequest,
  SignInCodeResponse,
  SignInRequest,
  SignInResponse,
} from './devices.ts';
import {
  ChangeGroupRequest,
  ChangeMemberRequest,
  CreateGroupRequest,
  GroupParams,
  GroupsResponse,
  MemberParams,
} from './roster.ts';

/** Any of the schemas below, for code that handles them alike. */
export type ApiSchema = v.GenericSchema;

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One endpoint of the HTTP API: method, path (`:name` for a path parameter), whether it needs a
 * signed-in caller, and the schema of each part of the request and of the answer.
 */
export interface Endpoint {
  readonly method: ApiMethod;
  readonly path: `/api/${string}`;
  readonly signedIn: boolean;
  readonly params?: v.GenericSchema;
  readonly query?: v.GenericSchema;
  readonly body?: v.GenericSchema;
  readonly response: v.GenericSchema;
}

/**
 * The HTTP API, all of it: the server routes exactly these (README's API table lists them, and a
 * test holds the three together), the app calls them through its one client.
 */
export const API = {
  redeem: {
    method: 'POST',
    path: '/api/redeem',
    signedIn: false,
    body: RedeemRequest,
    response: RedeemResponse,
  },
  me: { method: 'GET', path: '/api/me', signedIn: true, response: MeResponse },
  members: {
    method: 'GET',
    path: '/api/branches/:id/members',
    signedIn: true,
    params: BranchParams,
    response: MembersResponse,
  },
  plans: { method: 'GET', path: '/api/plans', signedIn: true, response: PlansResponse },
  registerPlan: {
    method: 'POST',
    path: '/api/plans',
    signedIn: true,
    body: RegisterPlanRequest,
    response: Plan,
  },
  changePlan: {
    method: 'PATCH',
    path: '/api/plans/:id',
    signedIn: true,
    params: PlanParams,
    body: ChangePlanRequest,
    response: Plan,
  },
  lessons: { method: 'GET', path: '/api/lessons', signedIn: true, response: LessonsResponse },
  registerLesson: {
    method: 'POST',
    path: '/api/lessons',
    signedIn: true,
    body: RegisterLessonRequest,
    response: Lesson,
  },
  changeLesson: {
    method: 'PATCH',
    path: '/api/lessons/:id',
    signedIn: true,
    params: LessonParams,
    body: ChangeLessonRequest,
    response: Lesson,
  },
  reviewLesson: {
    method: 'POST',
    path: '/api/lessons/:id/review',
    signedIn: true,
    params: LessonParams,
    body: ReviewLessonRequest,
    response: Lesson,
  },
  pairings: {
    method: 'GET',
    path: '/api/pairings',
    signedIn: true,
    query: PairingsQuery,
    response: PairingsResponse,
  },
  createPairing: {
    method: 'POST',
    path: '/api/pairings',
    signedIn: true,
    body: CreatePairingRequest,
    response: PairingsResponse,
  },
  chooseLead: {
    method: 'PUT',
    path: '/api/pairings/:id/leads/:month',
    signedIn: true,
    params: PairingLeadParams,
    body: ChooseLeadRequest,
    response: PairingView,
  },
  setup: {
    method: 'POST',
    path: '/api/setup',
    signedIn: false,
    body: SetupRequest,
    response: SetupResponse,
  },
  institution: {
    method: 'GET',
    path: '/api/institution',
    signedIn: true,
    response: InstitutionResponse,
  },
  createBranch: {
    method: 'POST',
    path: '/api/institution/branches',
    signedIn: true,
    body: CreateBranchRequest,
    response: DirectoryBranch,
  },
  invites: {
    method: 'GET',
    path: '/api/branches/:id/invites',
    signedIn: true,
    params: BranchParams,
    response: InvitesResponse,
  },
  createInvite: {
    method: 'POST',
    path: '/api/branches/:id/invites',
    signedIn: true,
    params: BranchParams,
    body: CreateInviteRequest,
    response: CreatedInvite,
  },
  revokeInvite: {
    method: 'DELETE',
    path: '/api/branches/:id/invites/:invite',
    signedIn: true,
    params: InviteParams,
    response: InvitesResponse,
  },
  inbox: {
    method: 'GET',
    path: '/api/inbox',
    signedIn: true,
    query: InboxQuery,
    response: InboxResponse,
  },
  renameMe: {
    method: 'PATCH',
    path: '/api/me',
    signedIn: true,
    body: RenameMeRequest,
    response: MeResponse,
  },
  devices: {
    method: 'GET',
    path: '/api/me/devices',
    signedIn: true,
    response: DevicesResponse,
  },
  renameDevice: {
    method: 'PATCH',
    path: '/api/me/devices/:id',
    signedIn: true,
    params: DeviceParams,
    body: RenameDeviceRequest,
    response: DevicesResponse,
  },
  revokeDevice: {
    method: 'DELETE',
    path: '/api/me/devices/:id',
    signedIn: true,
    params: DeviceParams,
    response: DevicesResponse,
  },
  createSignInCode: {
    method: 'POST',
    path: '/api/me/sign-in-codes',
    signedIn: true,
    response: SignInCodeResponse,
  },
  signIn: {
    method: 'POST',
    path: '/api/sign-in',
    signedIn: false,
    body: SignInRequest,
    response: SignInResponse,
  },
  changeMember: {
    method: 'PATCH',
    path: '/api/branches/:id/members/:user',
    signedIn: true,
    params: MemberParams,
    body: ChangeMemberRequest,
    response: MembersResponse,
  },
  removeMember: {
    method: 'DELETE',
    path: '/api/branches/:id/members/:user',
    signedIn: true,
    params: MemberParams,
    response: MembersResponse,
  },
  groups: {
    method: 'GET',
    path: '/api/branches/:id/groups',
    signedIn: true,
    params: BranchParams,
    response: GroupsResponse,
  },
  createGroup: {
    method: 'POST',
    path: '/api/branches/:id/groups',
    signedIn: true,
    params: BranchParams,
    body: CreateGroupRequest,
    response: GroupsResponse,
  },
  changeGroup: {
    method: 'PATCH',
    path: '/api/branches/:id/groups/:group',
    signedIn: true,
    params: GroupParams,
    body: ChangeGroupRequest,
    response: GroupsResponse,
  },
  deleteGroup: {
    method: 'DELETE',
    path: '/api/branches/:id/groups/:group',
    signedIn: true,
    params: GroupParams,
    response: GroupsResponse,
  },
  pairingDirectory: {
    method: 'GET',
    path: '/api/pairings/directory',
    signedIn: true,
    query: PairingDirectoryQuery,
    response: PairingDirectoryResponse,
  },
  answerPairing: {
    method: 'POST',
    path: '/api/pairings/:id/answer',
    signedIn: true,
    params: PairingParams,
    body: AnswerPairingRequest,
    response: PairingsResponse,
  },
  endPairing: {
    method: 'POST',
    path: '/api/pairings/:id/end',
    signedIn: true,
    params: PairingParams,
    response: PairingsResponse,
  },
  createPairingInvite: {
    method: 'POST',
    path: '/api/pairings/invites',
    signedIn: true,
    body: CreatePairingInviteRequest,
    response: CreatedInvite,
  },
  meetings: { method: 'GET', path: '/api/meetings', signedIn: true, response: MeetingsResponse },
  registerMeeting: {
    method: 'POST',
    path: '/api/meetings',
    signedIn: true,
    body: RegisterMeetingRequest,
    response: Meeting,
  },
} as const satisfies Record<string, Endpoint>;

export type ApiName = keyof typeof API;

/** What a schema-less part of a request is: nothing. */
type Out<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;
type In<S> = S extends v.GenericSchema ? v.InferInput<S> : undefined;

/** The parts of a request to endpoint `E` as the server reads them (after the schemas). */
export interface RequestOf<E extends Endpoint> {
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
}
/** The body a client sends to endpoint `E`. */
export type BodyOf<E extends Endpoint> = In<E['body']>;
/** The answer of endpoint `E`, as sent and as read. */
export type ResponseOf<E extends Endpoint> = v.InferOutput<E['response']>;
