import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { API, type Endpoint } from '@branchbook/protocol';
import { AuthStoreError } from '../auth/auth-store.ts';
import { HttpError, errorResponse, tooLarge } from './http-json.ts';
import { callerFor, type ApiApp, type ApiDeps, type ApiEnv } from './route-context.ts';
import { accountRoutes } from './account-routes.ts';
import { planRoutes } from './plan-routes.ts';
import { lessonRoutes } from './lesson-routes.ts';
import { pairingRoutes } from './pairing-routes.ts';
import { institutionRoutes } from './institution-routes.ts';
import { inboxRoutes } from './inbox-routes.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { deviceRoutes } from './device-routes.ts';
import { rosterRoutes } from './roster-routes.ts';

export type { ApiDeps };

/** Small bodies only: the API takes ids and names, never documents (those go through /sync). */
export const DEFAULT_MAX_API_BODY_BYTES = 64 * 1024;

const STORE_ERRORS = {
  'not-found': [404, 'not_found'],
  conflict: [409, 'conflict'],
  invalid: [400, 'invalid_request'],
  'last-secretary': [409, 'last_secretary'],
} as const;

/** Every path of `API` answers the methods it has, and 405 with `Allow` for the others. */
function methodsByPath(): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const endpoint of Object.values(API) as Endpoint[]) {
    byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint.method]);
  }
  return byPath;
}

/** The HTTP API under /api/ as a Hono app: exactly the endpoints of packages/protocol's `API`. */
export function apiApp(deps: ApiDeps): ApiApp {
  const app: ApiApp = new Hono<ApiEnv>();
  const maxSize = deps.maxBodyBytes ?? DEFAULT_MAX_API_BODY_BYTES;

  // Answers above 1 KiB (a roster, a month's plans) go gzip to a client that takes it.
  app.use(compress({ threshold: 1024 }));
  app.use(async (c, next) => {
    // Malformed percent-encoding is the client's mistake: 400, never a URIError's 500.
    try {
      decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      throw new HttpError(400, 'bad_path', 'malformed percent-encoding in the path');
    }
    c.set('caller', callerFor(deps, c));
    await next();
  });
  // A body announced as too large is refused before anything else, and before it is read; one
  // that does not say its length is cut off while read (`readJson`).
  app.use(async (c, next) => {
    if (Number(c.req.header('content-length') ?? 0) > maxSize) throw tooLarge(maxSize);
    c.set('maxBodyBytes', maxSize);
    await next();
  });

  accountRoutes(app, deps);
  planRoutes(app, deps);
  lessonRoutes(app, deps);
  pairingRoutes(app, deps);
  institutionRoutes(app, deps);
  inboxRoutes(app, deps);
  meetingRoutes(app, deps);
  deviceRoutes(app, deps);
  rosterRoutes(app, deps);

  for (const [path, methods] of methodsByPath()) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    app.all(path, () => {
      throw new HttpError(405, 'method_not_allowed', `${path} takes ${allow}`, { Allow: allow });
    });
  }
  app.notFound(() => errorResponse(new HttpError(404, 'not_found', 'no such API')));
  app.onError((error) => {
    if (error instanceof HttpError) return errorResponse(error);
    if (error instanceof AuthStoreError) {
      const [status, code] = STORE_ERRORS[error.code];
      return errorResponse(new HttpError(status, code, error.message));
    }
    throw error;
  });
  return app;
}

/**
 * The API for the server's Node `http` handler, bridged through @hono/node-server's adapter.
 * A failure that is not a refusal (storage down) answers 500 `internal_error` and is rethrown
 * after the answer, so the server logs it and its storage health hears of it.
 */
export function apiRoutes(deps: ApiDeps) {
  const app = apiApp(deps);
  const failures = new WeakMap<IncomingMessage, unknown>();
  const listener = getRequestListener(
    async (request, env) => {
      try {
        return await app.fetch(request, env);
      } catch (error) {
        failures.set((env as HttpBindings).incoming, error);
        return errorResponse(new HttpError(500, 'internal_error', 'internal error'));
      }
    },
    { overrideGlobalObjects: false },
  );
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    await listener(req, res);
    if (failures.has(req)) throw failures.get(req);
    return true;
  };
}
