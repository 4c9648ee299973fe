import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentToJSON, nodeText } from './rich-text-json.ts';

/** Builds a fragment the way y-prosemirror writes one: an element per node, text with mark attributes. */
function sample(): Y.XmlFragment {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment('body');
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 2 as unknown as string);
  const headingText = new Y.XmlText();
  heading.insert(0, [headingText]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const callout = new Y.XmlElement('callout');
  const calloutParagraph = new Y.XmlElement('paragraph');
  const calloutText = new Y.XmlText();
  calloutParagraph.insert(0, [calloutText]);
  callout.insert(0, [calloutParagraph]);
  body.insert(0, [heading, paragraph, callout]);
  headingText.insert(0, '二、怎么做');
  text.insert(0, '学思想、');
  text.insert(4, '强党性', { bold: {} });
  text.insert(7, '、重实践', { italic: {}, 'bold--x1': {} });
  calloutText.insert(0, '新版本的节点');
  return body;
}

describe('fragmentToJSON', () => {
  it('reads nodes, attributes and marks as ProseMirror JSON', () => {
    expect(fragmentToJSON(sample())).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: '二、怎么做' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '学思想、' },
            { type: 'text', text: '强党性', marks: [{ type: 'bold' }] },
            { type: 'text', text: '、重实践', marks: [{ type: 'italic' }, { type: 'bold' }] },
          ],
        },
        {
          type: 'callout',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: '新版本的节点' }] }],
        },
      ],
    });
  });

  it('never writes to the doc, even for nodes no schema knows', () => {
    const body = sample();
    const doc = body.doc;
    if (!doc) throw new Error('fragment has no doc');
    let updates = 0;
    doc.on('update', () => updates++);
    fragmentToJSON(body);
    expect(updates).toBe(0);
  });

  it('gives the text of a node', () => {
    expect(nodeText(fragmentToJSON(sample()))).toBe('二、怎么做学思想、强党性、重实践新版本的节点');
  });
});
