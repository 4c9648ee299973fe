import { describe, expect, it } from 'vitest';
import { Schema } from '@tiptap/pm/model';
import { compositionChange } from './composition-change.ts';

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'text*' },
    text: {},
  },
});
const doc = (...paragraphs: string[]) =>
  schema.node(
    'doc',
    null,
    paragraphs.map((p) => schema.node('paragraph', null, p ? [schema.text(p)] : [])),
  );

describe('compositionChange', () => {
  it('finds text committed at the end of a paragraph', () => {
    expect(compositionChange(doc('我们要学习'), doc('我们要学习中'))).toEqual({
      start: 6,
      endBefore: 6,
      endAfter: 7,
    });
  });

  it('finds text replacing a selection in the middle', () => {
    expect(compositionChange(doc('学习党章', '第二段'), doc('学习党史', '第二段'))).toEqual({
      start: 4,
      endBefore: 5,
      endAfter: 5,
    });
  });

  it('keeps the range sane where the text repeats', () => {
    const change = compositionChange(doc('好好'), doc('好好好'));
    expect(change).not.toBeNull();
    if (!change) return;
    expect(change.endAfter - change.start - (change.endBefore - change.start)).toBe(1);
    expect(change.endBefore).toBeGreaterThanOrEqual(change.start);
  });

  it('is null when nothing changed', () => {
    expect(compositionChange(doc('一样'), doc('一样'))).toBeNull();
  });
});
