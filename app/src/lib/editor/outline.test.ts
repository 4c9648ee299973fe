import { describe, expect, it } from 'vitest';
import { outline } from './outline.ts';
import type { RichNode } from './rich-text-json.ts';

const text = (value: string): RichNode => ({ type: 'text', text: value });
const heading = (level: number, value: string): RichNode => ({
  type: 'heading',
  attrs: { level },
  content: value ? [text(value)] : [],
});

describe('outline', () => {
  it('lists headings in reading order with their level, nested ones included', () => {
    const doc: RichNode = {
      type: 'doc',
      content: [
        heading(1, '一、为什么要坚定理想信念'),
        { type: 'paragraph', content: [text('正文')] },
        heading(2, '（一）历史告诉我们'),
        { type: 'blockquote', content: [heading(3, '引文  标题')] },
        heading(1, ''),
        heading(1, '二、怎么做'),
      ],
    };
    expect(outline(doc)).toEqual([
      { index: 0, level: 1, text: '一、为什么要坚定理想信念' },
      { index: 1, level: 2, text: '（一）历史告诉我们' },
      { index: 2, level: 3, text: '引文 标题' },
      { index: 3, level: 1, text: '' },
      { index: 4, level: 1, text: '二、怎么做' },
    ]);
  });

  it('is empty for a text without headings', () => {
    expect(
      outline({ type: 'doc', content: [{ type: 'paragraph', content: [text('x')] }] }),
    ).toEqual([]);
  });
});
