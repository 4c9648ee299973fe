import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  LESSON_RICH_TEXT,
  SCHEMA_VERSION,
  TEXT_MIN_WRITER_VERSION,
  initLesson,
  metaMap,
  readMeta,
  saveVersion,
} from '@branchbook/model';
import { LessonDraftState, LessonReadOnly } from './lesson-draft.svelte.ts';

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function draftDoc(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  initLesson(doc, { id: 'lesson1', authorId: 'author' });
  doc.getXmlFragment(LESSON_RICH_TEXT.body).insert(0, [paragraph('不忘初心，牢记使命。')]);
  return doc;
}

/** A draft written by a newer app: this build may not write it. */
function newerDoc(): Y.Doc {
  const doc = draftDoc();
  doc.transact(() => {
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION.lesson + 1);
    metaMap(doc).set('minWriterVersion', SCHEMA_VERSION.lesson + 1);
    doc.getXmlFragment(LESSON_RICH_TEXT.body).insert(1, [new Y.XmlElement('callout')]);
  });
  saveVersion(doc, { id: 'v1', name: '初稿', at: 1, by: 'author' });
  return doc;
}

describe('LessonDraftState', () => {
  it('lets the author edit, stamping meta on each write', () => {
    const doc = draftDoc();
    const lesson = new LessonDraftState(doc, 'author');
    expect(lesson.editMode).toEqual({ mode: 'edit' });
    lesson.update({ title: '坚定理想信念', type: 'micro' });
    lesson.addCoAuthor('co');
    expect(lesson.draft).toMatchObject({ title: '坚定理想信念', type: 'micro', coAuthors: ['co'] });
    expect(lesson.chars).toBe(8);
    expect(lesson.length).toMatchObject({ minutes: 1, verdict: 'under' });
  });

  it('writes the one-line texts character-wise, raising minWriterVersion only for them', () => {
    const doc = draftDoc();
    const lesson = new LessonDraftState(doc, 'author');
    lesson.update({ date: '2026-06-01' });
    expect(readMeta(doc).minWriterVersion).toBe(1);
    const title = lesson.textField('title');
    const origin = {};
    title.edit({ index: 0, remove: 0, insert: '守护文化根脉' }, origin);
    expect(title.read()).toBe('守护文化根脉');
    expect(doc.getText('text:title').toString()).toBe('守护文化根脉');
    expect(readMeta(doc).minWriterVersion).toBe(TEXT_MIN_WRITER_VERSION);
    // A co-author typing at the same time, elsewhere in the title, keeps both.
    const other = new Y.Doc({ gc: false });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    new LessonDraftState(other, 'author')
      .textField('title')
      .edit({ index: 6, remove: 0, insert: '，赓续红色血脉' }, {});
    title.edit({ index: 0, remove: 0, insert: '微党课：' }, origin);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(lesson.draft.title).toBe('微党课：守护文化根脉，赓续红色血脉');
    lesson.update({ speaker: '王芳' });
    expect(doc.getText('text:speaker').toString()).toBe('王芳');
  });

  it('refuses title typing on a draft from a newer app', () => {
    const lesson = new LessonDraftState(newerDoc(), 'author');
    expect(() => lesson.textField('title').edit({ index: 0, remove: 0, insert: 'x' }, {})).toThrow(
      LessonReadOnly,
    );
  });

  it('saves a version and reads it back, later writing left out', () => {
    const doc = draftDoc();
    const lesson = new LessonDraftState(doc, 'author');
    const saved = lesson.saveVersion('提交支委会 5月3日', 1000);
    expect(saved.ok).toBe(true);
    doc.getXmlFragment(LESSON_RICH_TEXT.body).insert(1, [paragraph('后来写的')]);
    const version = lesson.versions[0];
    if (!version) throw new Error('no version');
    expect(version).toMatchObject({ name: '提交支委会 5月3日', by: 'author', chars: 8 });
    expect(JSON.stringify(lesson.versionBody(version.id))).not.toContain('后来写的');
    expect(JSON.stringify(lesson.body)).toContain('后来写的');
  });

  it('never writes a draft from a newer version, not even reading it emits an update', () => {
    const doc = newerDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    const lesson = new LessonDraftState(doc, 'author');

    expect(lesson.editMode).toEqual({ mode: 'read', reason: 'newer-schema' });
    expect(lesson.canEdit).toBe(false);
    // Reading everything the screens show: metadata, text (unknown node kept), outline, versions.
    expect(lesson.draft.id).toBe('lesson1');
    expect(lesson.body.content?.map((n) => n.type)).toEqual(['paragraph', 'callout']);
    expect(lesson.outline).toEqual([]);
    expect(lesson.chars).toBe(8);
    expect(lesson.versions.map((v) => v.name)).toEqual(['初稿']);
    expect(lesson.versionBody('v1')?.content?.map((n) => n.type)).toEqual(['paragraph', 'callout']);

    expect(() => lesson.update({ title: 'x' })).toThrow(LessonReadOnly);
    expect(() => lesson.saveVersion('恢复前自动保存')).toThrow(LessonReadOnly);
    expect(() => lesson.addCoAuthor('co')).toThrow(LessonReadOnly);
    expect(updates).toBe(0);
  });

  it('refuses writes as soon as a newer client raises minWriterVersion', () => {
    const doc = draftDoc();
    const lesson = new LessonDraftState(doc, 'author');
    lesson.update({ title: '初稿' });
    metaMap(doc).set('minWriterVersion', SCHEMA_VERSION.lesson + 1);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(() => lesson.update({ title: '改' })).toThrow(LessonReadOnly);
    expect(updates).toBe(0);
  });

  it('lets co-authors edit and others only read', () => {
    const doc = draftDoc();
    new LessonDraftState(doc, 'author').addCoAuthor('co');
    const co = new LessonDraftState(doc, 'co');
    co.update({ audience: '全体党员' });
    expect(() => co.addCoAuthor('x1')).toThrow(/only the author/);
    const reader = new LessonDraftState(doc, 'secretary');
    expect(reader.editMode).toEqual({ mode: 'read', reason: 'not-writer' });
    expect(() => reader.update({ title: 'x' })).toThrow(LessonReadOnly);
  });
});
