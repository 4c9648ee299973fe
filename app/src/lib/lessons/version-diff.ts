import { diffArrays, diffChars } from 'diff';
import type { RichNode } from '$lib/editor/rich-text-json.ts';

/** A run of text in a compared block: kept, only in the version (deleted), or only now (inserted). */
export interface DiffRun {
  kind: 'same' | 'deleted' | 'inserted';
  text: string;
}

/** One block (a paragraph, heading, list item or quotation line) of the comparison. */
export interface DiffBlock {
  kind: 'same' | 'deleted' | 'inserted' | 'changed';
  runs: DiffRun[];
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'codeBlock']);

/** The text of each block, in reading order: what a reader compares. */
export function blockTexts(doc: RichNode): string[] {
  const blocks: string[] = [];
  const visit = (node: RichNode) => {
    if (BLOCK_TYPES.has(node.type)) {
      blocks.push(inlineText(node));
      return;
    }
    for (const child of node.content ?? []) visit(child);
  };
  visit(doc);
  return blocks;
}

function inlineText(node: RichNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(inlineText).join('');
}

/**
 * What changed from a saved version to the current text: blocks are aligned first (so a moved
 * or new paragraph is one insertion, not a cascade), and within a block replaced by another the
 * characters are compared — Chinese has no spaces, so words would be whole sentences.
 *
 * @example diffVersions(['甲乙'], ['甲丙']) // [{ kind: 'changed', runs: [same 甲, deleted 乙, inserted 丙] }]
 */
export function diffVersions(before: readonly string[], after: readonly string[]): DiffBlock[] {
  const result: DiffBlock[] = [];
  const parts = diffArrays([...before], [...after]);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (!part.added && !part.removed) {
      for (const text of part.value) result.push({ kind: 'same', runs: [{ kind: 'same', text }] });
      continue;
    }
    if (part.removed && next?.added) {
      // Blocks replaced by others: pair them up and compare their characters.
      const pairs = Math.min(part.value.length, next.value.length);
      for (let j = 0; j < pairs; j++) result.push(changedBlock(part.value[j]!, next.value[j]!));
      for (const text of part.value.slice(pairs)) result.push(whole('deleted', text));
      for (const text of next.value.slice(pairs)) result.push(whole('inserted', text));
      i++;
      continue;
    }
    for (const text of part.value) result.push(whole(part.added ? 'inserted' : 'deleted', text));
  }
  return result;
}

function whole(kind: 'deleted' | 'inserted', text: string): DiffBlock {
  return { kind, runs: [{ kind, text }] };
}

function changedBlock(before: string, after: string): DiffBlock {
  const runs = diffChars(before, after).map((c): DiffRun => ({
    kind: c.added ? 'inserted' : c.removed ? 'deleted' : 'same',
    text: c.value,
  }));
  return { kind: 'changed', runs };
}

/** How many characters were inserted and deleted, for the summary line. */
export function diffCounts(blocks: readonly DiffBlock[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const block of blocks)
    for (const run of block.runs) {
      if (run.kind === 'inserted') inserted += [...run.text].length;
      if (run.kind === 'deleted') deleted += [...run.text].length;
    }
  return { inserted, deleted };
}
