import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { runConvergence, type Op } from './testing/index.ts';
import { SCHEMA_VERSION, readMeta } from './meta.ts';
import {
  LESSON_RICH_TEXT,
  LESSON_TYPES,
  LessonInputRejected,
  REVIEW_STATUSES,
  addCoAuthor,
  countSpokenChars,
  estimateSpeakingMinutes,
  initLesson,
  lengthGuidance,
  lessonBodyText,
  listVersions,
  openVersion,
  readLesson,
  removeCoAuthor,
  saveVersion,
  updateLesson,
  validateLessonPatch,
  validateReviewTransition,
  versionSnapshot,
  type LessonDraft,
} from './lesson-draft.ts';

function newLesson(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  initLesson(doc, { id: 'lesson-1', authorId: 'u-author' });
  return doc;
}

/** What Tiptap's collaboration extension would write: paragraphs of (formatted) text. */
function typeParagraph(doc: Y.Doc, text: string, bold = false): void {
  const body = doc.getXmlFragment(LESSON_RICH_TEXT.body);
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  paragraph.insert(0, [run]);
  body.insert(body.length, [paragraph]);
  run.insert(0, text, bold ? { bold: true } : {});
}

function codes(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LessonInputRejected) return error.errors.map((e) => e.code);
    throw error;
  }
  return [];
}

describe('lesson draft: metadata', () => {
  it('reads defaults and writes only id and author on init', () => {
    const doc = newLesson();
    expect(readLesson(doc)).toEqual<LessonDraft>({
      id: 'lesson-1',
      authorId: 'u-author',
      title: '',
      subtitle: '',
      speaker: '',
      date: '',
      audience: '',
      type: 'standard',
      coAuthors: [],
    });
    expect(Object.keys(doc.getMap('lesson').toJSON()).sort()).toEqual(['authorId', 'id']);
    expect(doc.getXmlFragment(LESSON_RICH_TEXT.body).length).toBe(0);
    expect(readMeta(doc)).toMatchObject({ kind: 'lesson', schemaVersion: SCHEMA_VERSION.lesson });
    expect(readLesson(new Y.Doc()).type).toBe('standard');
  });

  it('updates metadata and refuses bad dates, types and ids', () => {
    const doc = newLesson();
    updateLesson(doc, {
      title: '守护文化遗产 践行初心使命',
      subtitle: '——在考古工地的微党课',
      speaker: '王书记',
      date: '2026-07-01',
      audience: '考古所党支部全体党员',
      type: 'micro',
    });
    expect(readLesson(doc)).toMatchObject({ type: 'micro', date: '2026-07-01' });
    expect(codes(() => updateLesson(doc, { date: '七月一日', type: 'epic' as never }))).toEqual([
      'bad-date',
      'bad-type',
    ]);
    expect(validateLessonPatch({ date: '' })).toEqual([]);
    expect(codes(() => initLesson(new Y.Doc(), { id: 'a b', authorId: '' }))).toEqual([
      'bad-id',
      'bad-id',
    ]);
    expect(codes(() => initLesson(doc, { id: 'lesson-2', authorId: 'u' }))).toEqual([
      'already-initialised',
    ]);
    doc.getMap('lesson').set('type', 'unknown-future-type');
    expect(readLesson(doc).type).toBe('standard');
  });

  it('keeps co-authors as a set that merges', () => {
    const a = newLesson();
    const b = new Y.Doc({ gc: false });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addCoAuthor(a, 'u-li');
    addCoAuthor(b, 'u-chen');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readLesson(a).coAuthors).toEqual(['u-chen', 'u-li']);
    removeCoAuthor(a, 'u-li');
    expect(readLesson(a).coAuthors).toEqual(['u-chen']);
    expect(codes(() => addCoAuthor(a, 'u-author'))).toEqual(['author-as-co-author']);
    expect(codes(() => addCoAuthor(a, 'no spaces'))).toEqual(['bad-id']);
  });
});

describe('lesson draft: review', () => {
  it('allows draft → submitted → approved, returning and reopening', () => {
    const allowed = new Set([
      'draft>submitted',
      'submitted>approved',
      'submitted>draft',
      'approved>draft',
    ]);
    for (const from of REVIEW_STATUSES) {
      for (const to of REVIEW_STATUSES) {
        const error = validateReviewTransition(from, to);
        if (from === to) expect(error).toEqual({ code: 'unchanged', status: from });
        else if (allowed.has(`${from}>${to}`)) expect(error).toBeUndefined();
        else expect(error).toEqual({ code: 'not-allowed', from, to });
      }
    }
    expect(validateReviewTransition('draft', 'published')).toEqual({
      code: 'unknown-status',
      value: 'published',
    });
  });
});

describe('lesson draft: speaking time', () => {
  it('estimates at 220 characters a minute, rounding up', () => {
    expect(estimateSpeakingMinutes(0)).toBe(0);
    expect(estimateSpeakingMinutes(-3)).toBe(0);
    expect(estimateSpeakingMinutes(Number.NaN)).toBe(0);
    expect(estimateSpeakingMinutes(1)).toBe(1);
    expect(estimateSpeakingMinutes(220)).toBe(1);
    expect(estimateSpeakingMinutes(3000)).toBe(14);
    expect(estimateSpeakingMinutes(11000)).toBe(50);
  });

  it('compares with the usual length for the type', () => {
    expect(lengthGuidance('micro', estimateSpeakingMinutes(3000))).toEqual({
      minMinutes: 5,
      maxMinutes: 15,
      verdict: 'within',
    });
    expect(lengthGuidance('micro', 20).verdict).toBe('over');
    expect(lengthGuidance('micro', 4).verdict).toBe('under');
    expect(lengthGuidance('standard', 30).verdict).toBe('under');
    expect(lengthGuidance('standard', 45).verdict).toBe('within');
    expect(lengthGuidance('standard', 60).verdict).toBe('within');
    expect(lengthGuidance('standard', 61).verdict).toBe('over');
    for (const type of ['special', 'integrity'] as const) {
      expect(lengthGuidance(type, 50)).toEqual(lengthGuidance('standard', 50));
    }
  });

  it('counts spoken characters of the body, not punctuation or spaces', () => {
    expect(countSpokenChars('同志们，大家好！ Hi 2026')).toBe(12);
    const doc = newLesson();
    typeParagraph(doc, '一、为什么要守护文化遗产？');
    typeParagraph(doc, '习近平总书记指出', true);
    expect(lessonBodyText(doc)).toBe('一、为什么要守护文化遗产？\n习近平总书记指出');
    expect(countSpokenChars(lessonBodyText(doc))).toBe(19);
  });
});

describe('lesson draft: versions', () => {
  it('needs gc off, a fresh id and a name', () => {
    const gcOn = new Y.Doc();
    initLesson(gcOn, { id: 'l', authorId: 'u' });
    const version = { id: 'v1', name: '初稿', at: 1, by: 'u' };
    expect(saveVersion(gcOn, version)).toEqual({ ok: false, error: { code: 'gc-enabled' } });
    const doc = newLesson();
    expect(saveVersion(doc, { ...version, id: 'v 1' })).toEqual({
      ok: false,
      error: { code: 'bad-id', value: 'v 1' },
    });
    expect(saveVersion(doc, { ...version, name: '  ' })).toEqual({
      ok: false,
      error: { code: 'empty-name' },
    });
    expect(saveVersion(doc, version).ok).toBe(true);
    expect(saveVersion(doc, version)).toEqual({
      ok: false,
      error: { code: 'duplicate-id', id: 'v1' },
    });
  });

  it('opens a version as a detached copy with the body and metadata of that time', () => {
    const doc = newLesson();
    updateLesson(doc, { title: '初稿标题' });
    typeParagraph(doc, '第一部分', true);
    expect(saveVersion(doc, { id: 'v1', name: ' 初稿 ', at: 100, by: 'u-author' })).toEqual({
      ok: true,
      value: { id: 'v1', name: '初稿', at: 100, by: 'u-author', chars: 4 },
    });
    const body = doc.getXmlFragment(LESSON_RICH_TEXT.body);
    body.delete(0, 1);
    typeParagraph(doc, '改写后的第一部分');
    updateLesson(doc, { title: '送审标题' });
    saveVersion(doc, { id: 'v2', name: '送审稿', at: 200, by: 'u-li' });

    expect(listVersions(doc).map((v) => [v.id, v.name, v.chars])).toEqual([
      ['v1', '初稿', 4],
      ['v2', '送审稿', 8],
    ]);
    const opened = openVersion(doc, 'v1');
    if (!opened.ok) throw new Error(opened.error.code);
    const copy = opened.value;
    expect(copy.getXmlFragment(LESSON_RICH_TEXT.body).toString()).toBe(
      '<paragraph><bold>第一部分</bold></paragraph>',
    );
    expect(readLesson(copy)).toMatchObject({ id: 'lesson-1', title: '初稿标题' });
    // Detached: editing the copy does not reach the draft.
    typeParagraph(copy, '不会出现在原稿');
    expect(lessonBodyText(doc)).toBe('改写后的第一部分');
    expect(openVersion(doc, 'nope')).toEqual({
      ok: false,
      error: { code: 'no-such-version', id: 'nope' },
    });
  });

  it('stores a snapshot that reconstructs the body from history', () => {
    const doc = newLesson();
    typeParagraph(doc, '原文');
    saveVersion(doc, { id: 'v1', name: '初稿', at: 1, by: 'u' });
    doc.getXmlFragment(LESSON_RICH_TEXT.body).delete(0, 1);
    typeParagraph(doc, '新文');
    const snapshot = versionSnapshot(doc, 'v1');
    if (!snapshot) throw new Error('no snapshot');
    const past = Y.createDocFromSnapshot(doc, snapshot);
    expect(past.getXmlFragment(LESSON_RICH_TEXT.body).toString()).toBe(
      '<paragraph>原文</paragraph>',
    );
    expect(versionSnapshot(doc, 'missing')).toBeUndefined();
  });

  it('keeps each version about the size of one body, not of all earlier versions', () => {
    const doc = newLesson();
    typeParagraph(doc, '文'.repeat(2000));
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      saveVersion(doc, { id: `v${i}`, name: `v${i}`, at: i, by: 'u' });
      const update = doc.getMap<Y.Map<unknown>>('versions').get(`v${i}`)?.get('update');
      sizes.push(update instanceof Uint8Array ? update.length : -1);
    }
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(64);
  });

  it('reports an unreadable version instead of throwing', () => {
    const doc = newLesson();
    saveVersion(doc, { id: 'v1', name: 'x', at: 1, by: 'u' });
    doc
      .getMap<Y.Map<unknown>>('versions')
      .get('v1')
      ?.set('update', new Uint8Array([255, 255, 1]));
    expect(openVersion(doc, 'v1')).toEqual({
      ok: false,
      error: { code: 'unreadable-version', id: 'v1' },
    });
  });
});

// ---- convergence ----

const template = newLesson();
const templateUpdate = Y.encodeStateAsUpdate(template);
const people = ['u-li', 'u-chen', 'u-wang', 'u-zhao'];

const lessonOps: Op[] = [
  (doc, rng) =>
    updateLesson(doc, {
      [prng.oneOf(rng, ['title', 'subtitle', 'speaker', 'audience'])]: prng.word(rng, 1, 8),
    }),
  (doc, rng) =>
    updateLesson(doc, { date: `2026-0${prng.uint32(rng, 1, 9)}-1${prng.uint32(rng, 0, 9)}` }),
  (doc, rng) => updateLesson(doc, { type: prng.oneOf(rng, [...LESSON_TYPES]) }),
  (doc, rng) => addCoAuthor(doc, prng.oneOf(rng, people)),
  (doc, rng) => removeCoAuthor(doc, prng.oneOf(rng, people)),
  (doc, rng, peer) => typeParagraph(doc, `${peer}:${prng.word(rng, 1, 5)}`),
  (doc, rng, peer) => {
    saveVersion(doc, {
      id: `v${peer}-${prng.uint32(rng, 0, 1e9)}`,
      name: '稿',
      at: prng.uint32(rng, 1, 1e6),
      by: 'u',
    });
  },
];

describe('lesson draft convergence (seeded fuzz)', () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('seed %i converges', (seed) => {
    const { view, docs } = runConvergence({
      seed,
      peers: 2 + (seed % 3),
      rounds: 15,
      init: (doc) => {
        doc.gc = false;
        Y.applyUpdate(doc, templateUpdate, 'remote');
        // A client opening the draft defines every root type (the editor binds the body), so
        // `doc.toJSON()` sees the same types on every peer.
        doc.getXmlFragment(LESSON_RICH_TEXT.body);
        doc.getMap('versions');
        readLesson(doc);
        readMeta(doc);
      },
      ops: lessonOps,
      view: (doc) => ({
        lesson: readLesson(doc),
        versions: listVersions(doc),
        text: lessonBodyText(doc),
      }),
      validate: ({ lesson, versions }) => {
        if (!LESSON_TYPES.includes(lesson.type)) throw new Error(`bad type ${lesson.type}`);
        if (new Set(lesson.coAuthors).size !== lesson.coAuthors.length) {
          throw new Error('duplicate co-author');
        }
        if (new Set(versions.map((v) => v.id)).size !== versions.length) {
          throw new Error('duplicate version');
        }
      },
    });
    expect(view.lesson.id).toBe('lesson-1');
    for (const version of view.versions) {
      const opened = openVersion(docs[0] as Y.Doc, version.id);
      expect(opened.ok).toBe(true);
    }
  });
});
