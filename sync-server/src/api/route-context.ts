import type { HttpBindings } from '@hono/node-server';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import {
  parseWith,
  type ApiErrorCode,
  type ApiSchema,
  type Endpoint,
  type RequestOf,
  type ResponseOf,
} from '@branchbook/protocol';
import { may, type Action, type ActionFacts, type Subject } from '@branchbook/model';
import type { AuthStore } from '../auth/auth-store.ts';
import type { Accounts } from '../auth/accounts.ts';
import type { RateLimit } from '../http/rate-limit.ts';
import { HttpError, bearerToken, jsonResponse, readBodyText } from './http-json.ts';

export interface ApiDeps {
  auth: AuthStore;
  accounts: Accounts;
  /** Invite redemptions per client address: guessing codes must be slow (30 a minute by default). */
  redeemLimit?: RateLimit;
  /** Behind a reverse proxy: the client address comes from X-Forwarded-For. */
  trustProxy?: boolean;
  /** The institution's time zone (`TZ`), for "this month"; Asia/Shanghai by default. */
  timeZone?: string;
  /** Largest request body (`MAX_API_BODY_BYTES`); 64 KiB by default. */
  maxBodyBytes?: number;
}

/**
 * Who is asking, resolved once per request: the user of the bearer token and their memberships,
 * as the one access rule (`may` in @branchbook/model) takes them.
 */
export class Caller {
  #subject: Promise<Subject> | null = null;
  #tokenId: string | null = null;

  constructor(
    private readonly deps: ApiDeps,
    private readonly token: string | null,
  ) {}

  /** 401 without a live bearer token. */
  subject(): Promise<Subject> {
    this.#subject ??= this.#load();
    return this.#subject;
  }

  /** The public id of the caller's token: the device asking (401 without a live token). */
  async deviceId(): Promise<string> {
    await this.subject();
    return this.#tokenId ?? '';
  }

  async #load(): Promise<Subject> {
    const session = await this.deps.accounts.sessionOfToken(this.token);
    if (!session) throw new HttpError(401, 'sign_in_required', 'sign in required');
    const { userId, tokenId } = session;
    this.#tokenId = tokenId;
    const [memberships, organiser] = await Promise.all([
      this.deps.auth.membershipsOfUser(userId),
      this.deps.auth.isOrganiser(userId),
    ]);
    return { userId, memberships, organiser };
  }
}

export interface ApiEnv {
  Bindings: HttpBindings;
  Variables: { caller: Caller; maxBodyBytes: number };
}
export type ApiApp = Hono<ApiEnv>;

export function callerFor(deps: ApiDeps, c: Context<ApiEnv>): Caller {
  return new Caller(deps, bearerToken(c.env.incoming));
}

/** 403 with `code` unless the access rule lets `subject` take `action`. */
export function requireMay<A extends Action>(
  subject: Subject,
  action: A,
  facts: ActionFacts[A],
  code: ApiErrorCode,
  message: string,
): void {
  if (!may(subject, action, facts)) throw new HttpError(403, code, message);
}

/** An answer with 201 Created instead of 200. */
export class Created<T> {
  constructor(readonly body: T) {}
}

type Handler<E extends Endpoint> = (
  request: RequestOf<E> & {
    subject: E['signedIn'] extends true ? Subject : null;
    c: Context<ApiEnv>;
  },
) => Promise<ResponseOf<E> | Created<ResponseOf<E>>>;

function part(schema: ApiSchema, value: unknown, code: ApiErrorCode): unknown {
  const parsed = parseWith(schema, value);
  if (!parsed.ok) throw new HttpError(400, code, parsed.message);
  return parsed.value;
}

async function readJson(c: Context<ApiEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/json')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send JSON (Content-Type: application/json)',
    );
  }
  const text = await readBodyText(c.req.raw.body, c.get('maxBodyBytes'));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
  }
}

/**
 * Routes one endpoint of packages/protocol's `API`: the caller is signed in first (401) when the
 * endpoint says so, then path, query and body are read through its schemas (400 with a code),
 * and the answer is checked against its response schema before it is sent.
 */
export function route<E extends Endpoint>(
  app: ApiApp,
  endpoint: E,
  handler: Handler<E>,
  ...before: MiddlewareHandler<ApiEnv>[]
): void {
  for (const middleware of before) app.on(endpoint.method, endpoint.path, middleware);
  app.on(endpoint.method, endpoint.path, async (c) => {
    const subject = endpoint.signedIn ? await c.get('caller').subject() : null;
    const request = {
      params: endpoint.params ? part(endpoint.params, c.req.param(), 'bad_path') : undefined,
      query: endpoint.query ? part(endpoint.query, c.req.query(), 'invalid_query') : undefined,
      body: endpoint.body ? part(endpoint.body, await readJson(c), 'invalid_body') : undefined,
      subject,
      c,
    } as Parameters<Handler<E>>[0];
    const answer = await handler(request);
    const [status, body] = answer instanceof Created ? [201, answer.body] : [200, answer];
    // The answer is held to the contract too: a mismatch is the server's bug, a 500.
    const checked = parseWith(endpoint.response, body);
    if (!checked.ok) throw new Error(`${endpoint.path} answered off-contract: ${checked.message}`);
    return jsonResponse(status, checked.value);
  });
}
