import {
  ApiErrorBody,
  parseWith,
  type BodyOf,
  type Endpoint,
  type ResponseOf,
} from '@branchbook/protocol';

/**
 * The one client of the sync server's HTTP API (packages/protocol's `API`). Every call takes the
 * server origin, so a member can sign in to a server other than the one that served the app.
 * Answers are read with the endpoint's response schema; refusals become an `ApiError`.
 */

/** Why a call failed, in terms the screens can explain. */
export type ApiFailure =
  | 'network' // no answer: offline, wrong address, server down
  | 'bad-request' // 400: e.g. a new member redeeming an invite without a name
  | 'unauthorized' // 401: token unknown, revoked or expired
  | 'forbidden' // 403
  | 'not-found' // 404: invite unknown, used or expired
  | 'rate-limited' // 429
  | 'server' // 5xx or an answer we cannot read
  | 'unexpected';

export class ApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    readonly status: number,
    message: string,
    /** The server's stable code (`not_paired`, `sign_in_required`, …); null without one. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function failureOfStatus(status: number): ApiFailure {
  if (status === 400) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'unexpected';
}

/** A refusal as the server sent it (`{"error": {"code", "message"}}`), or by its status alone. */
export function apiErrorOf(status: number, statusText: string, body: unknown): ApiError {
  const parsed = parseWith(ApiErrorBody, body);
  return parsed.ok
    ? new ApiError(
        failureOfStatus(status),
        status,
        parsed.value.error.message,
        parsed.value.error.code,
      )
    : new ApiError(failureOfStatus(status), status, statusText || `HTTP ${status}`);
}

export interface CallOptions<E extends Endpoint> {
  token?: string;
  /** Values of the path's `:name` segments. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: BodyOf<E>;
}

function pathOf(endpoint: Endpoint, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/:([a-z]+)/gi, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${endpoint.path} needs ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * One request: JSON in and out, the bearer token in the header (never in the URL), never cached.
 *
 * @example await callApi(server, API.lessons, { token }) // { lessons: [...] }
 */
export async function callApi<E extends Endpoint>(
  serverUrl: string,
  endpoint: E,
  options: CallOptions<E> = {},
): Promise<ResponseOf<E>> {
  const url = new URL(pathOf(endpoint, options.params), serverUrl);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: endpoint.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An answer that is not JSON (a proxy's error page): described by the status alone.
  }
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, body);
  const parsed = parseWith(endpoint.response, body);
  if (!parsed.ok) {
    throw new ApiError(
      'server',
      response.status,
      `the server's answer to ${endpoint.method} ${endpoint.path} could not be read (${parsed.message})`,
    );
  }
  return parsed.value as ResponseOf<E>;
}
