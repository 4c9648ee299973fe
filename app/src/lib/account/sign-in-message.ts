import type { Translate } from '$lib/i18n/translate.ts';
import { SignInError, type SignInFailure } from './account.svelte.ts';

const KEYS: Partial<Record<SignInFailure, string>> = {
  'bad-server': 'signin.errors.badServer',
  'bad-credential': 'signin.errors.badCredential',
  'name-needed': 'signin.errors.nameNeeded',
  'other-account': 'signin.errors.otherAccount',
  network: 'signin.errors.network',
  unauthorized: 'signin.errors.unauthorized',
  'not-found': 'signin.errors.notFound',
  'rate-limited': 'signin.errors.rateLimited',
  server: 'signin.errors.server',
};

/** One sentence for why signing in (with a token or an invite, on /signin or /join) failed. */
export function signInMessage(failure: unknown, t: Translate): string {
  const error =
    failure instanceof SignInError ? failure : new SignInError('unexpected', String(failure));
  const key = KEYS[error.failure];
  return key ? t(key) : t('signin.errors.other', { values: { message: error.message } });
}
