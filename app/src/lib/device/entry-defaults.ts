import { STUDY_FORMS, type StudyForm } from '@branchbook/model';
import { readItem, writeItem, type DeviceStorage } from './storage.ts';

/** The last form, place and duration used for a new entry on this device. */
export const ENTRY_DEFAULTS_STORAGE_KEY = 'branchbook.entryDefaults';

export interface EntryDefaults {
  form: StudyForm;
  place: string;
  minutes: number;
}

export const FIRST_ENTRY_DEFAULTS: Readonly<EntryDefaults> = {
  form: 'group',
  place: '',
  minutes: 60,
};

/**
 * What a new entry starts with: what was used last on this device (a member at a dig records
 * the same place and form day after day), else group study, no place, one hour.
 */
export function readEntryDefaults(storage: Pick<Storage, 'getItem'>): EntryDefaults {
  const value = parseJson(readItem(storage, ENTRY_DEFAULTS_STORAGE_KEY));
  if (typeof value !== 'object' || value === null) return { ...FIRST_ENTRY_DEFAULTS };
  const { form, place, minutes } = value as Record<string, unknown>;
  return {
    form: (STUDY_FORMS as readonly unknown[]).includes(form)
      ? (form as StudyForm)
      : FIRST_ENTRY_DEFAULTS.form,
    place: typeof place === 'string' ? place.slice(0, 200) : FIRST_ENTRY_DEFAULTS.place,
    minutes:
      typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 && minutes <= 1440
        ? minutes
        : FIRST_ENTRY_DEFAULTS.minutes,
  };
}

export function writeEntryDefaults(storage: DeviceStorage, defaults: EntryDefaults): void {
  writeItem(storage, ENTRY_DEFAULTS_STORAGE_KEY, JSON.stringify(defaults));
}

function parseJson(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
