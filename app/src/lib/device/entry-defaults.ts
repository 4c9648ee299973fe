import { STUDY_FORMS, type StudyForm } from '@branchbook/model';
import { readItem, writeItem, type DeviceStorage } from './storage.ts';

/** The last form and duration used for a new entry on this device, and a place per form. */
export const ENTRY_DEFAULTS_STORAGE_KEY = 'branchbook.entryDefaults';

export interface EntryDefaults {
  form: StudyForm;
  minutes: number;
  /**
   * The place last used with each form of study: group study at the camp, self-study at home.
   * A form never used on this device has none, so a place never leaks from one form to another.
   */
  places: Partial<Record<StudyForm, string>>;
}

export const FIRST_ENTRY_DEFAULTS: Readonly<EntryDefaults> = {
  form: 'group',
  minutes: 60,
  places: {},
};

const MAX_PLACE = 200;

/**
 * What a new entry starts with: the form and duration used last on this device (a member at a
 * dig records the same form day after day) and the place last used with that form; else group
 * study, no place, one hour. Also reads what older versions stored (one `place` for every form),
 * keeping it for the form it was used with.
 */
export function readEntryDefaults(storage: Pick<Storage, 'getItem'>): EntryDefaults {
  const value = parseJson(readItem(storage, ENTRY_DEFAULTS_STORAGE_KEY));
  if (typeof value !== 'object' || value === null) return { ...FIRST_ENTRY_DEFAULTS, places: {} };
  const { form, place, places, minutes } = value as Record<string, unknown>;
  const known = isStudyForm(form);
  const read: EntryDefaults = {
    form: known ? form : FIRST_ENTRY_DEFAULTS.form,
    minutes:
      typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 && minutes <= 1440
        ? minutes
        : FIRST_ENTRY_DEFAULTS.minutes,
    places: {},
  };
  if (typeof places === 'object' && places !== null) {
    for (const [key, stored] of Object.entries(places)) {
      if (isStudyForm(key) && typeof stored === 'string') {
        read.places[key] = stored.slice(0, MAX_PLACE);
      }
    }
  } else if (known && typeof place === 'string') {
    read.places[form] = place.slice(0, MAX_PLACE);
  }
  return read;
}

/** The place a new entry of `form` starts with: the one last used with that form, else none. */
export function placeFor(defaults: Pick<EntryDefaults, 'places'>, form: StudyForm): string {
  return defaults.places[form] ?? '';
}

/** The defaults after saving `entry`: its form and duration, and its place for its form only. */
export function rememberEntry(
  defaults: EntryDefaults,
  entry: { form: StudyForm; place: string; minutes: number },
): EntryDefaults {
  return {
    form: entry.form,
    minutes: entry.minutes,
    places: { ...defaults.places, [entry.form]: entry.place.trim().slice(0, MAX_PLACE) },
  };
}

export function writeEntryDefaults(storage: DeviceStorage, defaults: EntryDefaults): void {
  writeItem(storage, ENTRY_DEFAULTS_STORAGE_KEY, JSON.stringify(defaults));
}

function isStudyForm(value: unknown): value is StudyForm {
  return (STUDY_FORMS as readonly unknown[]).includes(value);
}

function parseJson(raw: string | null): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
