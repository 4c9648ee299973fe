import { officialDocxParts } from '$lib/export/official-docx.ts';
import type { BinderDocument } from './binder-document.ts';

/**
 * The binder as a Word file in the official look: each section a part starting on a new page
 * (the ledger's in landscape), the contents leading to each heading, page numbers in the footer.
 */
export function binderDocxBlob(binder: BinderDocument): Promise<Blob> {
  return officialDocxParts(
    binder.sections.map((section) => ({ blocks: section.blocks, landscape: section.landscape })),
  );
}
