import { API, type DeviceView, type SignInCodeResponse } from '@branchbook/protocol';
import { callApi } from '$lib/api/client.ts';
import { toMe, type Me } from './api.ts';

/**
 * "My account" (sync-server/src/api/device-routes.ts): the caller's name, their signed-in
 * devices, and a short code that signs in another device. Always the caller's own account.
 */

export type Device = DeviceView;

/** `PATCH /api/me`: renames the signed-in member (every branch shows the new name). */
export async function renameMe(serverUrl: string, token: string, name: string): Promise<Me> {
  return toMe(await callApi(serverUrl, API.renameMe, { token, body: { name } }));
}

/** `GET /api/me/devices`: this account's signed-in devices, oldest first. */
export async function fetchDevices(serverUrl: string, token: string): Promise<Device[]> {
  return (await callApi(serverUrl, API.devices, { token })).devices;
}

/** `PATCH /api/me/devices/:id`: renames one of this account's devices. */
export async function renameDevice(
  serverUrl: string,
  token: string,
  id: string,
  name: string,
): Promise<Device[]> {
  return (await callApi(serverUrl, API.renameDevice, { token, params: { id }, body: { name } }))
    .devices;
}

/** `DELETE /api/me/devices/:id`: signs that device out (its token stops working). */
export async function revokeDevice(
  serverUrl: string,
  token: string,
  id: string,
): Promise<Device[]> {
  return (await callApi(serverUrl, API.revokeDevice, { token, params: { id } })).devices;
}

/** `POST /api/me/sign-in-codes`: a one-time code for another device (replaces an open one). */
export async function createSignInCode(
  serverUrl: string,
  token: string,
): Promise<SignInCodeResponse> {
  return callApi(serverUrl, API.createSignInCode, { token });
}

/** `POST /api/sign-in`: a code shown on a signed-in device, for this device's own token. */
export async function signInWithCode(
  serverUrl: string,
  code: string,
  deviceName: string,
): Promise<{ token: string }> {
  const answer = await callApi(serverUrl, API.signIn, {
    body: deviceName ? { code, deviceName } : { code },
  });
  return { token: answer.token };
}

/** The link a second device opens to sign in with `code`: `/signin#<code>` on the server. */
export function signInLink(origin: string, code: string): string {
  return `${origin}/signin#${encodeURIComponent(code)}`;
}
