import { describe, expect, it } from 'vitest';
import {
  ENTRY_DEFAULTS_STORAGE_KEY,
  FIRST_ENTRY_DEFAULTS,
  placeFor,
  readEntryDefaults,
  rememberEntry,
  writeEntryDefaults,
} from './entry-defaults.ts';
import { memoryStorage } from './storage.ts';

describe('entry defaults', () => {
  it('starts with group study, one hour, no place', () => {
    const first = readEntryDefaults(memoryStorage());
    expect(first).toEqual(FIRST_ENTRY_DEFAULTS);
    expect(placeFor(first, 'group')).toBe('');
  });

  it('remembers the last form and duration, and the place per form', () => {
    const storage = memoryStorage();
    writeEntryDefaults(
      storage,
      rememberEntry(readEntryDefaults(storage), {
        form: 'visit',
        place: ' 良渚考古工地 ',
        minutes: 240,
      }),
    );
    const read = readEntryDefaults(storage);
    expect(read).toEqual({ form: 'visit', minutes: 240, places: { visit: '良渚考古工地' } });
    expect(placeFor(read, 'visit')).toBe('良渚考古工地');
  });

  it('does not carry the camp to a later self-study at home', () => {
    const storage = memoryStorage();
    const atCamp = rememberEntry(FIRST_ENTRY_DEFAULTS, {
      form: 'group',
      place: '二里头考古工地驻地',
      minutes: 120,
    });
    writeEntryDefaults(storage, atCamp);
    // The next entry is a self-study: it starts with no place, not the camp's.
    expect(placeFor(readEntryDefaults(storage), 'self')).toBe('');

    const atHome = rememberEntry(readEntryDefaults(storage), {
      form: 'self',
      place: '家中',
      minutes: 60,
    });
    writeEntryDefaults(storage, atHome);
    const read = readEntryDefaults(storage);
    expect(read.form).toBe('self');
    expect(placeFor(read, 'self')).toBe('家中');
    expect(placeFor(read, 'group')).toBe('二里头考古工地驻地');
    expect(placeFor(read, 'online')).toBe('');

    // An entry saved with no place forgets that form's place.
    expect(placeFor(rememberEntry(read, { form: 'self', place: '', minutes: 60 }), 'self')).toBe(
      '',
    );
  });

  it('keeps a place stored by an older version for the form it was used with', () => {
    const storage = memoryStorage({
      [ENTRY_DEFAULTS_STORAGE_KEY]: JSON.stringify({
        form: 'group',
        place: '二里头考古工地驻地',
        minutes: 120,
      }),
    });
    const read = readEntryDefaults(storage);
    expect(read).toEqual({ form: 'group', minutes: 120, places: { group: '二里头考古工地驻地' } });
    expect(placeFor(read, 'self')).toBe('');
  });

  it('falls back field by field on values it cannot use', () => {
    const storage = memoryStorage({
      [ENTRY_DEFAULTS_STORAGE_KEY]: JSON.stringify({
        form: 'nap',
        place: 7,
        minutes: -1,
        places: { nap: '床上', self: 3 },
      }),
    });
    expect(readEntryDefaults(storage)).toEqual(FIRST_ENTRY_DEFAULTS);
    expect(readEntryDefaults(memoryStorage({ [ENTRY_DEFAULTS_STORAGE_KEY]: '{' }))).toEqual(
      FIRST_ENTRY_DEFAULTS,
    );
  });
});
