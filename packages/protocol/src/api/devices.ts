import * as v from 'valibot';
import { DeviceName, Id } from './common.ts';
import { MembershipView } from './account.ts';
import { RequiredName } from './institution.ts';

/**
 * "My account" (issue 14, item 6): the caller's name, the devices signed in to the account (one
 * sign-in token each, named by a public id) and a short code to sign in on another device. Every
 * endpoint here is about the caller's own account only.
 */

/** `PATCH /api/me`: the caller's name, as every branch they belong to shows it. */
export const RenameMeRequest = v.object({ name: RequiredName });
export type RenameMeRequest = v.InferOutput<typeof RenameMeRequest>;

/** One signed-in device of the caller's: never its token. */
export const DeviceView = v.object({
  id: Id,
  /** Null: the device never said what it is (e.g. a token from the admin CLI). */
  name: v.nullable(v.string()),
  /** ISO 8601. */
  createdAt: v.string(),
  /** ISO 8601; null: not used since it signed in (or since this was recorded). */
  lastSeenAt: v.nullable(v.string()),
  /** The device asking. */
  current: v.boolean(),
});
export type DeviceView = v.InferOutput<typeof DeviceView>;

/** `GET /api/me/devices`: the caller's signed-in devices, oldest first. */
export const DevicesResponse = v.object({ devices: v.array(DeviceView) });
export type DevicesResponse = v.InferOutput<typeof DevicesResponse>;

export const DeviceParams = v.object({ id: Id });

/** `PATCH /api/me/devices/:id`: a device's name as the member wants it. */
export const RenameDeviceRequest = v.object({ name: RequiredName });
export type RenameDeviceRequest = v.InferOutput<typeof RenameDeviceRequest>;

/** `POST /api/me/sign-in-codes`: a one-time code for another device, shown once. */
export const SignInCodeResponse = v.object({
  /** Eight characters shown as 4+4, e.g. `7KQ4-M2XD`. */
  code: v.string(),
  /** ISO 8601: ten minutes from now. */
  expiresAt: v.string(),
});
export type SignInCodeResponse = v.InferOutput<typeof SignInCodeResponse>;

/** `POST /api/sign-in`: the code shown on a signed-in device, and what this device calls itself. */
export const SignInRequest = v.object({
  code: v.pipe(v.string(), v.maxLength(64, 'at most 64 characters')),
  deviceName: v.optional(DeviceName),
});
export type SignInRequest = v.InferOutput<typeof SignInRequest>;

/** The new device is signed in with `token`: the account as `GET /api/me` answers it. */
export const SignInResponse = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  userId: Id,
  name: v.string(),
  branches: v.array(MembershipView),
  organiser: v.optional(v.boolean()),
});
export type SignInResponse = v.InferOutput<typeof SignInResponse>;
