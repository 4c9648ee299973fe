import { headingLevel, type RichNode } from '$lib/editor/rich-text-json.ts';
import { displaySubtitle } from '@branchbook/model';

/**
 * A lesson draft as a list of Word paragraphs, before any Word library is loaded: pure, so the
 * mapping is tested without building a file. `lesson-docx.ts` turns each kind into a paragraph
 * style (Title, Heading1–3, the body's first-line indent, a quotation in 楷体, list numbering).
 */
export interface DocxRun {
  text: string;
  bold?: boolean;
  italics?: boolean;
  /** A line break before the text (a hard break in the editor). */
  breakBefore?: boolean;
}

export type DocxParagraphKind =
  | 'title'
  | 'subtitle'
  | 'byline'
  | 'heading1'
  | 'heading2'
  | 'heading3'
  | 'body'
  | 'quote'
  | 'listItem'
  /** A further paragraph inside a list item: indented like the item, without a number. */
  | 'listContinuation';

export interface DocxParagraph {
  kind: DocxParagraphKind;
  runs: DocxRun[];
  /** For list items: numbered or bulleted, nesting level from 0, and which list (numbering restarts per list). */
  list?: { ordered: boolean; level: number; instance: number };
}

export interface LessonFrontMatter {
  title: string;
  subtitle: string;
  /** One worded line, e.g. "主讲人：张明 时间：2025年5月3日". Empty: left out. */
  byline: string;
}

function runsOf(nodes: readonly RichNode[], inherited: Omit<DocxRun, 'text'> = {}): DocxRun[] {
  const runs: DocxRun[] = [];
  let breakNext = false;
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      breakNext = true;
      continue;
    }
    if (node.type === 'text') {
      const marks = new Set((node.marks ?? []).map((m) => m.type));
      const run: DocxRun = { text: node.text ?? '' };
      if (inherited.bold || marks.has('bold')) run.bold = true;
      if (inherited.italics || marks.has('italic')) run.italics = true;
      if (breakNext) run.breakBefore = true;
      breakNext = false;
      runs.push(run);
      continue;
    }
    // An inline node this mapping does not know: keep its text.
    const inner = runsOf(node.content ?? [], inherited);
    if (breakNext && inner[0]) inner[0] = { ...inner[0], breakBefore: true };
    if (inner.length > 0) breakNext = false;
    runs.push(...inner);
  }
  return runs;
}

function hasText(runs: readonly DocxRun[]): boolean {
  return runs.some((run) => run.text.trim() !== '');
}

/**
 * The paragraphs of the Word file: title, subtitle and byline, then the body — headings 1–3 as
 * Heading1–3 (deeper ones as Heading3), paragraphs, block quotes and lists (nested lists one level
 * deeper). Empty paragraphs are left out: Word's paragraph spacing does their job.
 *
 * @example lessonDocxParagraphs({ title: '坚定理想信念', subtitle: '', byline: '' }, { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、为什么' }] }] })
 * // [{ kind: 'title', runs: [{ text: '坚定理想信念' }] }, { kind: 'heading1', runs: [{ text: '一、为什么' }] }]
 */
export function lessonDocxParagraphs(front: LessonFrontMatter, body: RichNode): DocxParagraph[] {
  const out: DocxParagraph[] = [];
  if (front.title.trim()) out.push({ kind: 'title', runs: [{ text: front.title.trim() }] });
  const subtitle = displaySubtitle(front.subtitle);
  if (subtitle) out.push({ kind: 'subtitle', runs: [{ text: subtitle }] });
  if (front.byline.trim()) out.push({ kind: 'byline', runs: [{ text: front.byline.trim() }] });

  let lists = 0;
  const push = (paragraph: DocxParagraph) => {
    if (hasText(paragraph.runs)) out.push(paragraph);
  };

  const block = (node: RichNode, context: { quote: boolean }) => {
    const level = headingLevel(node);
    if (level !== undefined && !context.quote) {
      const kind = level === 1 ? 'heading1' : level === 2 ? 'heading2' : 'heading3';
      push({ kind, runs: runsOf(node.content ?? []) });
    } else if (node.type === 'paragraph' || level !== undefined) {
      push({ kind: context.quote ? 'quote' : 'body', runs: runsOf(node.content ?? []) });
    } else if (node.type === 'blockquote') {
      for (const child of node.content ?? []) block(child, { quote: true });
    } else if (node.type === 'bulletList' || node.type === 'orderedList') {
      list(node, 0);
    } else if (node.type === 'text') {
      push({ kind: context.quote ? 'quote' : 'body', runs: runsOf([node]) });
    } else {
      // A block this mapping does not know (from a newer version): keep what it says.
      for (const child of node.content ?? []) block(child, context);
    }
  };

  const list = (node: RichNode, level: number) => {
    const ordered = node.type === 'orderedList';
    const instance = ++lists;
    for (const item of node.content ?? []) {
      let first = true;
      for (const child of item.content ?? []) {
        if (child.type === 'bulletList' || child.type === 'orderedList') {
          list(child, Math.min(level + 1, 8));
          continue;
        }
        const runs = runsOf(child.type === 'text' ? [child] : (child.content ?? []));
        if (!hasText(runs)) continue;
        out.push(
          first
            ? { kind: 'listItem', runs, list: { ordered, level, instance } }
            : { kind: 'listContinuation', runs, list: { ordered, level, instance } },
        );
        first = false;
      }
    }
  };

  for (const node of body.content ?? []) block(node, { quote: false });
  return out;
}

/** A file name from the title: characters Windows refuses in names replaced; never empty. */
export function lessonFileName(title: string, fallback: string, extension: string): string {
  const cleaned = Array.from(title, (c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? ' ' : c)).join(
    '',
  );
  const base = cleaned.replace(/\s+/g, ' ').trim().slice(0, 80) || fallback;
  return `${base}.${extension}`;
}
