import type { Translate } from '$lib/i18n/translate.ts';

/** The toolbar's buttons, in order (as `RichTextEditor`'s `RichTextTool`). */
const TOOLS = [
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
type Tool = (typeof TOOLS)[number];

/**
 * The rich-text toolbar's labels from a feature's messages under `prefix` (`<prefix>.toolbar`,
 * `<prefix>.<tool>`, `<prefix>.shown.<tool>`), for `RichTextEditor`'s `labels`.
 *
 * @example toolbarLabels($_, 'meeting.editor')
 */
export function toolbarLabels(
  t: Translate,
  prefix: string,
): Record<Tool, string> & { toolbar: string; shown: Record<Tool, string> } {
  const labels = Object.fromEntries(TOOLS.map((tool) => [tool, t(`${prefix}.${tool}`)]));
  const shown = Object.fromEntries(TOOLS.map((tool) => [tool, t(`${prefix}.shown.${tool}`)]));
  return {
    ...(labels as Record<Tool, string>),
    toolbar: t(`${prefix}.toolbar`),
    shown: shown as Record<Tool, string>,
  };
}
