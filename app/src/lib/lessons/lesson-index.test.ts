import { describe, expect, it } from 'vitest';
import {
  lessonRelation,
  mergeServerLessons,
  parseLessonIndex,
  parseServerLessons,
  pendingWork,
  serializeLessonIndex,
  sortLessonIndex,
  type LessonIndexEntry,
} from './lesson-index.ts';

const entry = (over: Partial<LessonIndexEntry> & { id: string }): LessonIndexEntry => ({
  branchId: 'b1',
  authorId: 'me',
  createdAt: 1,
  registered: false,
  coAuthors: [],
  coAuthorsSynced: true,
  ...over,
});

describe('the lesson index', () => {
  it('round-trips and skips what it cannot read', () => {
    const entries = [entry({ id: 'l1' }), entry({ id: 'l2', registered: true, coAuthors: ['u2'] })];
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
      entry({ id: 'kept', registered: true, createdAt: 3 }),
      entry({ id: 'gone', registered: true, authorId: 'other' }),
      entry({ id: 'edited', registered: true, coAuthors: ['u3'], coAuthorsSynced: false }),
    ];
    const merged = mergeServerLessons(
      local,
      [
        { id: 'kept', authorId: 'me', branchId: 'b1', coAuthorIds: ['u2'] },
        { id: 'edited', authorId: 'me', branchId: 'b1', coAuthorIds: [] },
        { id: 'shared', authorId: 'other', branchId: 'b1', coAuthorIds: ['me'] },
      ],
      9,
    );
    expect(merged.map((e) => e.id).sort()).toEqual(['edited', 'kept', 'new', 'shared']);
    expect(merged.find((e) => e.id === 'kept')).toMatchObject({ coAuthors: ['u2'], createdAt: 3 });
    // A change not yet sent wins over the server's older list.
    expect(merged.find((e) => e.id === 'edited')).toMatchObject({
      coAuthors: ['u3'],
      coAuthorsSynced: false,
    });
    expect(merged.find((e) => e.id === 'shared')).toMatchObject({
      registered: true,
      authorId: 'other',
      createdAt: 9,
    });
  });

  it('lists what the author still has to send', () => {
    const work = pendingWork(
      [
        entry({ id: 'a' }),
        entry({ id: 'b', registered: true, coAuthorsSynced: false }),
        entry({ id: 'c', registered: true }),
        entry({ id: 'd', authorId: 'other' }),
      ],
      'me',
    );
    expect(work.map((w) => [w.kind, w.entry.id])).toEqual([
      ['register', 'a'],
      ['co-authors', 'b'],
    ]);
  });

  it('reads the server list defensively and sorts newest first', () => {
    expect(
      parseServerLessons({
        lessons: [{ id: 'l1', authorId: 'u1', branchId: 'b1', coAuthorIds: ['u2', 3] }, { id: 5 }],
      }),
    ).toEqual([{ id: 'l1', authorId: 'u1', branchId: 'b1', coAuthorIds: ['u2'] }]);
    expect(parseServerLessons(null)).toEqual([]);
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
