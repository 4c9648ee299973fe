import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '@branchbook/model';
import { lessonEditMode, type LessonEditInputs } from './edit-mode.ts';

const base: LessonEditInputs = {
  meta: { kind: 'lesson', schemaVersion: 1, minWriterVersion: 1 },
  clientVersion: SCHEMA_VERSION.lesson,
  draftId: 'l1',
  authorId: 'author',
  coAuthors: ['co'],
  viewerId: 'author',
};

describe('lessonEditMode', () => {
  it('lets the author and co-authors edit', () => {
    expect(lessonEditMode(base)).toEqual({ mode: 'edit' });
    expect(lessonEditMode({ ...base, viewerId: 'co' })).toEqual({ mode: 'edit' });
  });

  it('opens a draft from a newer version read-only, for everyone', () => {
    const meta = {
      kind: 'lesson' as const,
      schemaVersion: SCHEMA_VERSION.lesson + 1,
      minWriterVersion: SCHEMA_VERSION.lesson + 1,
    };
    expect(lessonEditMode({ ...base, meta })).toEqual({ mode: 'read', reason: 'newer-schema' });
    expect(lessonEditMode({ ...base, meta, draftId: '' })).toEqual({
      mode: 'read',
      reason: 'newer-schema',
    });
  });

  it('still edits a newer schema whose minWriterVersion this build meets', () => {
    const meta = { kind: 'lesson' as const, schemaVersion: 9, minWriterVersion: 1 };
    expect(lessonEditMode({ ...base, meta })).toEqual({ mode: 'edit' });
  });

  it('waits for the draft before editing an empty copy', () => {
    expect(lessonEditMode({ ...base, draftId: '' })).toEqual({
      mode: 'read',
      reason: 'not-loaded',
    });
  });

  it('lets others only read', () => {
    expect(lessonEditMode({ ...base, viewerId: 'secretary' })).toEqual({
      mode: 'read',
      reason: 'not-writer',
    });
  });
});
