import type { Translate } from '$lib/i18n/translate.ts';

/** The rich-text toolbar's buttons, in order: block styles, then inline marks, lists and history. */
export const RICH_TEXT_TOOLS = [
  'paragraph',
  'heading1',
  'heading2',
  'heading3',
  'quote',
  'bold',
  'italic',
  'orderedList',
  'bulletList',
  'undo',
  'redo',
] as const;
export type RichTextTool = (typeof RICH_TEXT_TOOLS)[number];

/**
 * Each button's accessible name (the full words, e.g. 一级标题), the toolbar's name, and in
 * `shown` the text each button shows: phones have no hover tooltips, so every button carries a
 * visible label, short enough that the toolbar takes two rows on a 360 px screen, and contained
 * in its accessible name (so voice control finds the button by what it says).
 */
export interface RichTextToolbarLabels extends Record<RichTextTool, string> {
  toolbar: string;
  shown: Record<RichTextTool, string>;
}

/**
 * The rich-text toolbar's labels from a feature's messages under `prefix` (`<prefix>.toolbar`,
 * `<prefix>.<tool>`, `<prefix>.shown.<tool>`), for `RichTextEditor`'s `labels`.
 *
 * @example toolbarLabels($_, 'meeting.editor')
 */
export function toolbarLabels(t: Translate, prefix: string): RichTextToolbarLabels {
  const labels = (key: (tool: RichTextTool) => string) =>
    Object.fromEntries(RICH_TEXT_TOOLS.map((tool) => [tool, t(key(tool))])) as Record<
      RichTextTool,
      string
    >;
  return {
    ...labels((tool) => `${prefix}.${tool}`),
    toolbar: t(`${prefix}.toolbar`),
    shown: labels((tool) => `${prefix}.shown.${tool}`),
  };
}
