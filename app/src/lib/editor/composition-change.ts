import type { Node as PMNode } from '@tiptap/pm/model';

export interface CompositionChange {
  /** Where the change starts, in both documents. */
  start: number;
  /** Where it ends in the document before the composition. */
  endBefore: number;
  /** Where it ends in the document after it. */
  endAfter: number;
}

/**
 * What an input-method composition changed: the one range that differs between the document
 * before and after it (null when nothing did). Where the text around the change repeats (typing
 * 好 after 好), the range is taken as late as possible, as ProseMirror does when it reads typing.
 *
 * @example compositionChange(doc('我们要学习'), doc('我们要学习中')) // { start: 6, endBefore: 6, endAfter: 7 }
 */
export function compositionChange(before: PMNode, after: PMNode): CompositionChange | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = before.content.findDiffEnd(after.content);
  if (!end) return null;
  let { a: endBefore, b: endAfter } = end;
  // findDiffEnd scans from the end and may overlap the start where the text repeats.
  if (endBefore < start) {
    endAfter += start - endBefore;
    endBefore = start;
  }
  if (endAfter < start) {
    endBefore += start - endAfter;
    endAfter = start;
  }
  return { start, endBefore, endAfter };
}
