import { describe, expect, it } from 'vitest';
import type { RichNode } from '$lib/editor/rich-text-json.ts';
import { lessonDocxParagraphs, lessonFileName } from './lesson-docx-model.ts';

const text = (value: string, ...marks: string[]): RichNode =>
  marks.length > 0
    ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) }
    : { type: 'text', text: value };
const para = (...content: RichNode[]): RichNode => ({ type: 'paragraph', content });
const heading = (level: number, value: string): RichNode => ({
  type: 'heading',
  attrs: { level },
  content: [text(value)],
});

describe('lessonDocxParagraphs', () => {
  it('maps the front matter and headings 1–3 to Word paragraph kinds', () => {
    const body: RichNode = {
      type: 'doc',
      content: [
        heading(1, '一、为什么'),
        para(text('要'), text('坚定', 'bold'), text('理想', 'italic')),
        heading(2, '（一）历史'),
        heading(3, '1. 细节'),
        heading(4, '更深'),
        para(),
      ],
    };
    expect(
      lessonDocxParagraphs(
        { title: '坚定理想信念', subtitle: '微党课', byline: '主讲人：张明' },
        body,
      ),
    ).toEqual([
      { kind: 'title', runs: [{ text: '坚定理想信念' }] },
      { kind: 'subtitle', runs: [{ text: '——微党课' }] },
      { kind: 'byline', runs: [{ text: '主讲人：张明' }] },
      { kind: 'heading1', runs: [{ text: '一、为什么' }] },
      {
        kind: 'body',
        runs: [{ text: '要' }, { text: '坚定', bold: true }, { text: '理想', italics: true }],
      },
      { kind: 'heading2', runs: [{ text: '（一）历史' }] },
      { kind: 'heading3', runs: [{ text: '1. 细节' }] },
      { kind: 'heading3', runs: [{ text: '更深' }] },
    ]);
  });

  it('leads the subtitle with one 破折号 when the author already typed dashes', () => {
    const empty: RichNode = { type: 'doc', content: [] };
    for (const subtitle of ['——在考古工地上的一堂微党课', '--在考古工地上的一堂微党课']) {
      expect(lessonDocxParagraphs({ title: '', subtitle, byline: '' }, empty)).toEqual([
        { kind: 'subtitle', runs: [{ text: '——在考古工地上的一堂微党课' }] },
      ]);
    }
    expect(lessonDocxParagraphs({ title: '', subtitle: '——', byline: '' }, empty)).toEqual([]);
  });

  it('maps quotes, hard breaks and lists, restarting numbering per list', () => {
    const body: RichNode = {
      type: 'doc',
      content: [
        {
          type: 'blockquote',
          content: [para(text('不忘初心'), { type: 'hardBreak' }, text('牢记使命'))],
        },
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [para(text('学')), para(text('补充'))] },
            {
              type: 'listItem',
              content: [
                para(text('做')),
                {
                  type: 'bulletList',
                  content: [{ type: 'listItem', content: [para(text('细'))] }],
                },
              ],
            },
          ],
        },
        { type: 'orderedList', content: [{ type: 'listItem', content: [para(text('再一个'))] }] },
      ],
    };
    expect(lessonDocxParagraphs({ title: '', subtitle: '', byline: '' }, body)).toEqual([
      { kind: 'quote', runs: [{ text: '不忘初心' }, { text: '牢记使命', breakBefore: true }] },
      { kind: 'listItem', runs: [{ text: '学' }], list: { ordered: true, level: 0, instance: 1 } },
      {
        kind: 'listContinuation',
        runs: [{ text: '补充' }],
        list: { ordered: true, level: 0, instance: 1 },
      },
      { kind: 'listItem', runs: [{ text: '做' }], list: { ordered: true, level: 0, instance: 1 } },
      { kind: 'listItem', runs: [{ text: '细' }], list: { ordered: false, level: 1, instance: 2 } },
      {
        kind: 'listItem',
        runs: [{ text: '再一个' }],
        list: { ordered: true, level: 0, instance: 3 },
      },
    ]);
  });

  it('keeps the text of nodes it does not know', () => {
    const body: RichNode = {
      type: 'doc',
      content: [{ type: 'callout', content: [para(text('新'))] }],
    };
    expect(lessonDocxParagraphs({ title: '', subtitle: '', byline: '' }, body)).toEqual([
      { kind: 'body', runs: [{ text: '新' }] },
    ]);
  });
});

describe('lessonFileName', () => {
  it('makes a safe file name from the title', () => {
    expect(lessonFileName('学习/贯彻：“二十大”', '讲稿', 'docx')).toBe('学习 贯彻：“二十大”.docx');
    expect(lessonFileName('  ', '未命名讲稿', 'docx')).toBe('未命名讲稿.docx');
  });
});
