import * as Y from 'yjs';

/**
 * Plain blocks read out of a rich-text section (a `Y.XmlFragment` written by the Tiptap editor
 * through y-prosemirror: one `Y.XmlElement` per node, named after the node type, and `Y.XmlText`
 * whose delta carries the marks). Exports and the print layout use these; they never touch the
 * editor.
 */
export interface TextRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

export interface RichBlock {
  kind: 'paragraph' | 'heading' | 'item' | 'quote';
  /** Heading level (1–3), or list depth for items (1 = top level). */
  level: number;
  /** For items: the number in an ordered list, else null (a bullet). */
  number: number | null;
  runs: TextRun[];
}

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

function runsOf(children: readonly XmlNode[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as DeltaOp[]) {
        if (typeof op.insert !== 'string') continue;
        const attributes = op.attributes ?? {};
        runs.push({
          text: op.insert,
          bold: 'bold' in attributes || 'strong' in attributes,
          italic: 'italic' in attributes || 'em' in attributes,
        });
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') {
      runs.push({ text: '\n', bold: false, italic: false });
    } else if (child instanceof Y.XmlElement) {
      runs.push(...runsOf(child.toArray()));
    }
  }
  return runs;
}

function walk(
  nodes: readonly XmlNode[],
  blocks: RichBlock[],
  context: { depth: number; ordered: boolean; quote: boolean },
): void {
  let number = 0;
  for (const node of nodes) {
    if (!(node instanceof Y.XmlElement)) {
      if (node instanceof Y.XmlText) {
        // A bare text at the top level: not written by Tiptap, but possible from a foreign client.
        const runs = runsOf([node]);
        if (runs.length > 0) blocks.push({ kind: 'paragraph', level: 0, number: null, runs });
      }
      continue;
    }
    switch (node.nodeName) {
      case 'bulletList':
      case 'orderedList':
        walk(node.toArray(), blocks, {
          depth: context.depth + 1,
          ordered: node.nodeName === 'orderedList',
          quote: context.quote,
        });
        break;
      case 'listItem': {
        number += 1;
        const [first, ...rest] = node.toArray();
        blocks.push({
          kind: 'item',
          level: Math.max(1, context.depth),
          number: context.ordered ? number : null,
          runs: first instanceof Y.XmlElement ? runsOf(first.toArray()) : [],
        });
        walk(rest, blocks, context);
        break;
      }
      case 'blockquote':
        walk(node.toArray(), blocks, { ...context, quote: true });
        break;
      case 'heading': {
        const level = Number(node.getAttribute('level'));
        blocks.push({
          kind: 'heading',
          level: Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1,
          number: null,
          runs: runsOf(node.toArray()),
        });
        break;
      }
      case 'horizontalRule':
        break;
      default:
        blocks.push({
          kind: context.quote ? 'quote' : 'paragraph',
          level: 0,
          number: null,
          runs: runsOf(node.toArray()),
        });
    }
  }
}

/** The blocks of a section, in order; empty paragraphs are kept (they are the author's spacing). */
export function richBlocks(fragment: Y.XmlFragment): RichBlock[] {
  const blocks: RichBlock[] = [];
  walk(fragment.toArray(), blocks, { depth: 0, ordered: false, quote: false });
  return blocks;
}

/** The section as plain text, one block per line; for search, previews and tests. */
export function richPlainText(fragment: Y.XmlFragment): string {
  return richBlocks(fragment)
    .map((block) => block.runs.map((run) => run.text).join(''))
    .join('\n');
}

/** True when the section holds no visible text. */
export function isRichEmpty(fragment: Y.XmlFragment): boolean {
  return richPlainText(fragment).trim() === '';
}
