import { describe, expect, it } from 'vitest';
import { blockTexts, diffCounts, diffVersions } from './version-diff.ts';

describe('diffVersions', () => {
  it('marks characters inserted and deleted inside a changed paragraph', () => {
    const blocks = diffVersions(['文物是历史的见证。'], ['文物是民族历史的见证！']);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind).toBe('changed');
    const runs = blocks[0]!.runs;
    expect(runs.filter((r) => r.kind === 'inserted').map((r) => r.text)).toEqual(['民族', '！']);
    expect(runs.filter((r) => r.kind === 'deleted').map((r) => r.text)).toEqual(['。']);
    expect(
      runs
        .filter((r) => r.kind !== 'inserted')
        .map((r) => r.text)
        .join(''),
    ).toBe('文物是历史的见证。');
    expect(
      runs
        .filter((r) => r.kind !== 'deleted')
        .map((r) => r.text)
        .join(''),
    ).toBe('文物是民族历史的见证！');
  });

  it('keeps unchanged paragraphs whole and marks added and removed ones as blocks', () => {
    const blocks = diffVersions(
      ['一、引言', '第一段', '旧的结尾'],
      ['一、引言', '新加的一段', '第一段'],
    );
    expect(blocks.map((b) => b.kind)).toEqual(['same', 'inserted', 'same', 'deleted']);
    expect(diffCounts(blocks)).toEqual({ inserted: 5, deleted: 4 });
  });

  it('says nothing changed for identical texts', () => {
    const blocks = diffVersions(['甲', '乙'], ['甲', '乙']);
    expect(blocks.every((b) => b.kind === 'same')).toBe(true);
    expect(diffCounts(blocks)).toEqual({ inserted: 0, deleted: 0 });
  });
});

describe('blockTexts', () => {
  it('reads headings, paragraphs and list items in order', () => {
    const doc = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、缘起' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '正文' },
            { type: 'text', text: '续', marks: [{ type: 'bold' }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: '要点' }] }],
            },
          ],
        },
      ],
    };
    expect(blockTexts(doc)).toEqual(['一、缘起', '正文续', '要点']);
  });
});
