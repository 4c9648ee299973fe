import { describe, expect, it } from 'vitest';
import {
  ENTRY_DEFAULTS_STORAGE_KEY,
  FIRST_ENTRY_DEFAULTS,
  readEntryDefaults,
  writeEntryDefaults,
} from './entry-defaults.ts';
import { memoryStorage } from './storage.ts';

describe('entry defaults', () => {
  it('starts with group study, one hour, no place', () => {
    expect(readEntryDefaults(memoryStorage())).toEqual(FIRST_ENTRY_DEFAULTS);
  });

  it('remembers the last form, place and duration', () => {
    const storage = memoryStorage();
    writeEntryDefaults(storage, { form: 'visit', place: '良渚考古工地', minutes: 240 });
    expect(readEntryDefaults(storage)).toEqual({
      form: 'visit',
      place: '良渚考古工地',
      minutes: 240,
    });
  });

  it('falls back field by field on values it cannot use', () => {
    const storage = memoryStorage({
      [ENTRY_DEFAULTS_STORAGE_KEY]: JSON.stringify({ form: 'nap', place: 7, minutes: -1 }),
    });
    expect(readEntryDefaults(storage)).toEqual(FIRST_ENTRY_DEFAULTS);
    expect(readEntryDefaults(memoryStorage({ [ENTRY_DEFAULTS_STORAGE_KEY]: '{' }))).toEqual(
      FIRST_ENTRY_DEFAULTS,
    );
  });
});
