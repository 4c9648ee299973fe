import { ApiError } from '$lib/api/client.ts';
import type { Translate } from '$lib/i18n/translate.ts';

/** One sentence for why an action of "My account" failed: offline is the usual reason. */
export function devicesMessage(failure: unknown, t: Translate): string {
  if (failure instanceof ApiError && failure.failure === 'network')
    return t('devices.list.offlineAction');
  const message = failure instanceof Error ? failure.message : String(failure);
  return t('devices.list.other', { values: { message } });
}
