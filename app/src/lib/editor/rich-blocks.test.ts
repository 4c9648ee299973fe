import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isRichEmpty, richBlocks, richPlainText } from './rich-blocks.ts';

/** Builds a fragment the way y-prosemirror stores a Tiptap document. */
function fragment(): Y.XmlFragment {
  const doc = new Y.Doc();
  const root = doc.getXmlFragment('purpose');
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', '2');
  heading.insert(0, [new Y.XmlText('目的')]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const list = new Y.XmlElement('orderedList');
  const item1 = new Y.XmlElement('listItem');
  const p1 = new Y.XmlElement('paragraph');
  p1.insert(0, [new Y.XmlText('学习党章')]);
  item1.insert(0, [p1]);
  const item2 = new Y.XmlElement('listItem');
  const p2 = new Y.XmlElement('paragraph');
  p2.insert(0, [new Y.XmlText('重温誓词')]);
  item2.insert(0, [p2]);
  list.insert(0, [item1, item2]);
  root.insert(0, [heading, paragraph, list, new Y.XmlElement('paragraph')]);
  text.insert(0, '把支部建在');
  text.insert(5, '考古工地上', { bold: {} });
  return root;
}

describe('richBlocks', () => {
  it('reads headings, marked runs and numbered items', () => {
    const blocks = richBlocks(fragment());
    expect(blocks[0]).toEqual({
      kind: 'heading',
      level: 2,
      number: null,
      runs: [{ text: '目的', bold: false, italic: false }],
    });
    expect(blocks[1]?.runs).toEqual([
      { text: '把支部建在', bold: false, italic: false },
      { text: '考古工地上', bold: true, italic: false },
    ]);
    expect(blocks.slice(2, 4).map((b) => [b.kind, b.number, b.level])).toEqual([
      ['item', 1, 1],
      ['item', 2, 1],
    ]);
    expect(blocks[4]).toMatchObject({ kind: 'paragraph', runs: [] });
  });

  it('gives plain text, one block a line', () => {
    expect(richPlainText(fragment())).toBe('目的\n把支部建在考古工地上\n学习党章\n重温誓词\n');
  });

  it('knows an empty section', () => {
    const doc = new Y.Doc();
    const root = doc.getXmlFragment('safety');
    expect(isRichEmpty(root)).toBe(true);
    root.insert(0, [new Y.XmlElement('paragraph')]);
    expect(isRichEmpty(root)).toBe(true);
    expect(isRichEmpty(fragment())).toBe(false);
  });
});
