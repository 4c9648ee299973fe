import { API, type DevicesResponse } from '@branchbook/protocol';
import type { AuthStore } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { meOf, redeemLimited } from './account-routes.ts';
import { Created, route, type ApiApp, type ApiDeps } from './route-context.ts';

/**
 * "My account" (issue 14, item 6): the caller's name, their signed-in devices (one token each)
 * and a short code that signs in another device.
 *
 * No access action of packages/model decides these: there is no "who" to decide. Every one acts
 * on the caller's own account only — the store's device methods take the caller's user id, so
 * another user's device id is simply not found (404, the same as an id that never existed).
 */
export function deviceRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth, accounts } = deps;

  route(app, API.renameMe, async ({ subject, body }) => {
    if (!(await auth.renameUser(subject.userId, body.name)))
      throw new HttpError(404, 'not_found', 'no such user');
    return meOf(auth, subject);
  });

  route(app, API.devices, async ({ subject, c }) =>
    devicesOf(auth, subject.userId, await c.get('caller').deviceId()),
  );

  route(app, API.renameDevice, async ({ subject, params, body, c }) => {
    if (!(await auth.renameDevice(subject.userId, params.id, body.name))) throw noDevice();
    return devicesOf(auth, subject.userId, await c.get('caller').deviceId());
  });

  // Revoking the device asking is signing out there; its open sockets close with 4401 by the
  // next access poll (the revoke writes an access change; each socket re-checks its own token).
  route(app, API.revokeDevice, async ({ subject, params, c }) => {
    if (!(await auth.revokeDevice(subject.userId, params.id))) throw noDevice();
    return devicesOf(auth, subject.userId, await c.get('caller').deviceId());
  });

  route(
    app,
    API.createSignInCode,
    async ({ subject }) => new Created(await accounts.newSignInCode(subject.userId)),
  );

  route(
    app,
    API.signIn,
    async ({ body }) => {
      const signedIn = await accounts.signInWithCode(body.code, body.deviceName);
      const [memberships, organiser] = await Promise.all([
        auth.membershipsOfUser(signedIn.userId),
        auth.isOrganiser(signedIn.userId),
      ]);
      return {
        ...(await meOf(auth, { userId: signedIn.userId, memberships, organiser })),
        token: signedIn.token,
      };
    },
    // Guessing a sign-in code must be as slow as guessing an invite: the same budget per address.
    redeemLimited(deps),
  );
}

function noDevice(): HttpError {
  return new HttpError(404, 'not_found', 'no such signed-in device of this account');
}

async function devicesOf(
  auth: AuthStore,
  userId: string,
  currentId: string,
): Promise<DevicesResponse> {
  const devices = await auth.devicesOfUser(userId);
  return {
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      createdAt: new Date(d.createdAt).toISOString(),
      lastSeenAt: d.lastSeenAt === null ? null : new Date(d.lastSeenAt).toISOString(),
      current: d.id === currentId,
    })),
  };
}
