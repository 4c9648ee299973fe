import { CLOSE } from '@branchbook/protocol';

/** The message key (under `refusal.`) that explains a server's refusal to a member, in one sentence. */
export type RefusalKey = 'forbidden' | 'tooOld' | 'tooLarge' | 'badRequest' | 'other';

/**
 * One clear sentence per close code — never the number. 4401 (signed out elsewhere, token revoked)
 * is not here: the shell says it once for the whole app. Null when there is nothing to say.
 *
 * @example refusalKey(4426) // 'tooOld'
 */
export function refusalKey(code: number | null): RefusalKey | null {
  if (code === null || code === CLOSE.unauthorized) return null;
  switch (code) {
    case CLOSE.forbidden:
      return 'forbidden';
    case CLOSE.clientTooOld:
      return 'tooOld';
    case CLOSE.docTooLarge:
      return 'tooLarge';
    case CLOSE.badRequest:
      return 'badRequest';
    default:
      return 'other';
  }
}

/**
 * Whether the device tries again after the server closed its socket with `code`. A refusal
 * (4400–4499) is final, as y-websocket has it — but 4429 only says "too fast": a burst of edits
 * (a long offline queue, an import) must not leave the device offline until the page reloads.
 * The provider's backoff spaces the retries, and the server limits connections per address.
 *
 * @example reconnectsAfter(4429) // true
 * @example reconnectsAfter(4403) // false
 */
export function reconnectsAfter(code: number): boolean {
  return code === CLOSE.rateLimited || !(code >= 4400 && code < 4500);
}

/**
 * The same sentences for a registration the server's HTTP API refused (`POST /api/plans`, …), by
 * status: 403 is "no access", 426 "update the app", 413 "too large", 400/422 "unreadable".
 *
 * @example registrationRefusalKey(403) // 'forbidden'
 */
export function registrationRefusalKey(status: number): RefusalKey {
  switch (status) {
    case 403:
      return 'forbidden';
    case 426:
      return 'tooOld';
    case 413:
      return 'tooLarge';
    case 400:
    case 422:
      return 'badRequest';
    default:
      return 'other';
  }
}
