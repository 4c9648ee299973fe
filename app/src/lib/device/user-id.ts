import { isValidId } from '@branchbook/model';
import { newId } from './ids.ts';

export const USER_ID_STORAGE_KEY = 'branchbook.userId';

/**
 * This device's user id, created on first use. Before sign-in it names the member's study doc
 * (`study:<userId>`); at sign-in that doc is merged into the account's and the id is forgotten.
 */
export function deviceUserId(storage: Pick<Storage, 'getItem' | 'setItem'>): string {
  const stored = readStored(storage);
  if (stored !== null) return stored;
  const id = newId();
  try {
    storage.setItem(USER_ID_STORAGE_KEY, id);
  } catch {
    // Storage refused (some private modes): the id lasts for this page only.
  }
  return id;
}

function readStored(storage: Pick<Storage, 'getItem'>): string | null {
  try {
    const value = storage.getItem(USER_ID_STORAGE_KEY);
    return value !== null && isValidId(value) ? value : null;
  } catch {
    return null;
  }
}

/** The device user id if one was ever created, without creating one. */
export function storedDeviceUserId(storage: Pick<Storage, 'getItem'>): string | null {
  return readStored(storage);
}
