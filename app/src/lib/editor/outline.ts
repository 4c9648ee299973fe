import { headingLevel, nodeText, type RichNode } from './rich-text-json.ts';

export interface OutlineEntry {
  /** Position among all headings in document order: the n-th rendered `h1`–`h6`. */
  index: number;
  level: number;
  /** The heading's text, whitespace collapsed; '' for an empty heading. */
  text: string;
}

/**
 * The headings of a rich-text document in reading order, nested ones (inside a quote or a list)
 * included, so `index` matches the n-th heading element of the rendered text.
 *
 * @example outline({ type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、为什么学' }] }] })
 * // [{ index: 0, level: 1, text: '一、为什么学' }]
 */
export function outline(doc: RichNode): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const visit = (node: RichNode) => {
    const level = headingLevel(node);
    if (level !== undefined) {
      entries.push({
        index: entries.length,
        level,
        text: nodeText(node).replace(/\s+/g, ' ').trim(),
      });
      return;
    }
    for (const child of node.content ?? []) visit(child);
  };
  visit(doc);
  return entries;
}
