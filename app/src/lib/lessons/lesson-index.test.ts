import { describe, expect, it } from 'vitest';
import {
  lessonRelation,
  mergeServerLessons,
  parseLessonIndex,
  coAuthorsToSend,
  serializeLessonIndex,
  sortLessonIndex,
  UNREVIEWED,
  type LessonIndexEntry,
} from './lesson-index.ts';

const entry = (over: Partial<LessonIndexEntry> & { id: string }): LessonIndexEntry => ({
  branchId: 'b1',
  authorId: 'me',
  createdAt: 1,
  coAuthors: [],
  coAuthorsSynced: true,
  ...over,
});

describe('the lesson index', () => {
  it('round-trips and skips what it cannot read', () => {
    const entries = [entry({ id: 'l1' }), entry({ id: 'l2', coAuthors: ['u2'] })];
    expect(parseLessonIndex(serializeLessonIndex(entries))).toEqual(entries);
    expect(parseLessonIndex('not json')).toEqual([]);
    expect(parseLessonIndex(null)).toEqual([]);
    expect(
      parseLessonIndex(
        JSON.stringify([{ id: 'bad id' }, entry({ id: 'l3' }), entry({ id: 'l3' })]),
      ),
    ).toEqual([entry({ id: 'l3' })]);
  });

  it('keeps drafts created here until the server has them, and takes the server list otherwise', () => {
    const local = [
      entry({ id: 'new', createdAt: 5 }),
      entry({ id: 'kept', createdAt: 3 }),
      entry({ id: 'gone', authorId: 'other' }),
      entry({ id: 'edited', coAuthors: ['u3'], coAuthorsSynced: false }),
    ];
    const merged = mergeServerLessons(
      local,
      [
        { id: 'kept', authorId: 'me', branchId: 'b1', coAuthorIds: ['u2'], review: UNREVIEWED },
        { id: 'edited', authorId: 'me', branchId: 'b1', coAuthorIds: [], review: UNREVIEWED },
        {
          id: 'shared',
          authorId: 'other',
          branchId: 'b1',
          coAuthorIds: ['me'],
          review: UNREVIEWED,
        },
      ],
      9,
      (id) => id === 'new',
    );
    expect(merged.map((e) => e.id).sort()).toEqual(['edited', 'kept', 'new', 'shared']);
    expect(merged.find((e) => e.id === 'kept')).toMatchObject({ coAuthors: ['u2'], createdAt: 3 });
    // A change not yet sent wins over the server's older list.
    expect(merged.find((e) => e.id === 'edited')).toMatchObject({
      coAuthors: ['u3'],
      coAuthorsSynced: false,
    });
    expect(merged.find((e) => e.id === 'shared')).toMatchObject({
      authorId: 'other',
      createdAt: 9,
    });
  });

  it('lists the co-author changes the author still has to send, for registered drafts', () => {
    const work = coAuthorsToSend(
      [
        // Still only on this device: registered with its co-authors first.
        entry({ id: 'a', coAuthorsSynced: false }),
        entry({ id: 'b', coAuthorsSynced: false }),
        entry({ id: 'c' }),
        entry({ id: 'd', authorId: 'other', coAuthorsSynced: false }),
      ],
      'me',
      (id) => id === 'a',
    );
    expect(work.map((e) => e.id)).toEqual(['b']);
  });

  it('keeps the registry review of a listed draft, for the list offline, and sorts newest first', () => {
    const review = { status: 'submitted', by: 'u1', byName: '王芳', at: 5, note: '' } as const;
    const merged = mergeServerLessons(
      [],
      [{ id: 'l1', authorId: 'u1', branchId: 'b1', coAuthorIds: [], review }],
      1,
      () => false,
    );
    const stored = parseLessonIndex(serializeLessonIndex(merged));
    expect(stored[0]?.review).toEqual(review);
    // A damaged review is dropped, not the entry.
    const damaged = JSON.stringify([{ ...stored[0], review: { status: 'published' } }]);
    expect(parseLessonIndex(damaged)[0]).toMatchObject({ id: 'l1' });
    expect(parseLessonIndex(damaged)[0]?.review).toBeUndefined();
    expect(
      sortLessonIndex([entry({ id: 'old', createdAt: 1 }), entry({ id: 'new', createdAt: 2 })]).map(
        (e) => e.id,
      ),
    ).toEqual(['new', 'old']);
  });
});

describe('lessonRelation', () => {
  it('tells the author, a co-author and the reviewing committee apart', () => {
    const entry = { authorId: 'a', coAuthors: ['c'] };
    expect(lessonRelation(entry, 'a')).toBe('mine');
    expect(lessonRelation(entry, 'c')).toBe('co-author');
    expect(lessonRelation(entry, 'secretary')).toBe('reviewer');
  });
});
