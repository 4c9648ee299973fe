import * as Y from 'yjs';

/**
 * Rich text as ProseMirror JSON (`{ type, attrs, content, text, marks }`), read straight from the
 * Yjs fragment an editor binds to — without an editor and without a schema. Reading never writes:
 * unlike a ProseMirror binding, which deletes nodes its schema does not know (for everyone), this
 * keeps unknown nodes, so a read-only view of a document from a newer app version loses nothing.
 */
export interface RichMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface RichNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichNode[];
  text?: string;
  marks?: RichMark[];
}

function marksOf(attributes: unknown): RichMark[] {
  if (typeof attributes !== 'object' || attributes === null) return [];
  const marks: RichMark[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    // y-prosemirror names overlapping marks of one type `<type>--<hash>`.
    const type = key.split('--')[0] ?? key;
    const attrs =
      typeof value === 'object' && value !== null && Object.keys(value).length > 0
        ? (value as Record<string, unknown>)
        : undefined;
    marks.push(attrs ? { type, attrs } : { type });
  }
  return marks;
}

function textNodes(text: Y.XmlText): RichNode[] {
  const nodes: RichNode[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: unknown }[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue;
    const marks = marksOf(op.attributes);
    nodes.push(
      marks.length > 0
        ? { type: 'text', text: op.insert, marks }
        : { type: 'text', text: op.insert },
    );
  }
  return nodes;
}

function childNodes(parent: Y.XmlElement | Y.XmlFragment): RichNode[] {
  const content: RichNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) content.push(...textNodes(child));
    else if (child instanceof Y.XmlElement) content.push(elementNode(child));
  }
  return content;
}

function elementNode(element: Y.XmlElement): RichNode {
  const node: RichNode = { type: element.nodeName };
  const attrs = element.getAttributes() as Record<string, unknown>;
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = childNodes(element);
  if (content.length > 0) node.content = content;
  return node;
}

/** The fragment as a ProseMirror `doc` node in JSON. */
export function fragmentToJSON(fragment: Y.XmlFragment): RichNode {
  return { type: 'doc', content: childNodes(fragment) };
}

/** The text of a node and its descendants, blocks joined without separators. */
export function nodeText(node: RichNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(nodeText).join('');
}

/** A heading's level (1–6), or undefined for any other node. */
export function headingLevel(node: RichNode): number | undefined {
  if (node.type !== 'heading') return undefined;
  const level = Number(node.attrs?.['level']);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1;
}
