import { Editor, type JSONContent } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CompositionGuard } from './composition-guard.ts';
import type { PresenceUser } from './presence.ts';

/**
 * The rich-text schema shared by lesson drafts and plan sections: paragraphs, headings 1–3, block
 * quotes, bullet and numbered lists, hard breaks, bold and italic. The schema is part of the
 * document format — an editor deletes nodes its schema does not know, for everyone — so adding a
 * node or mark means raising the document's SCHEMA_VERSION and minWriterVersion.
 */
export const RICH_TEXT_HEADING_LEVELS = [1, 2, 3] as const;
export type RichTextHeadingLevel = (typeof RICH_TEXT_HEADING_LEVELS)[number];

export interface RichTextEditorSetup {
  element: HTMLElement;
  /** The Yjs fragment the text lives in. The editor is never given `content`: it would be duplicated on every client. */
  fragment: Y.XmlFragment;
  awareness: Awareness;
  user: PresenceUser;
  editable: boolean;
  /** The accessible name of the editing area. */
  label: string;
  placeholder: string;
  onTransaction: () => void;
}

export function createRichTextEditor(setup: RichTextEditorSetup): Editor {
  return new Editor({
    element: setup.element,
    editable: setup.editable,
    extensions: [
      StarterKit.configure({
        heading: { levels: [...RICH_TEXT_HEADING_LEVELS] },
        // Collaboration brings Yjs undo, which reverts only this person's changes.
        undoRedo: false,
        // Every client would append its own trailing paragraph to the shared text.
        trailingNode: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        link: false,
        strike: false,
        underline: false,
      }),
      Collaboration.configure({ fragment: setup.fragment }),
      CollaborationCaret.configure({ provider: { awareness: setup.awareness }, user: setup.user }),
      Placeholder.configure({ placeholder: setup.placeholder }),
      CompositionGuard,
    ],
    editorProps: {
      attributes: {
        'aria-label': setup.label,
        'aria-multiline': 'true',
        role: 'textbox',
        class: 'rich-text-content',
        spellcheck: 'false',
      },
    },
    onTransaction: setup.onTransaction,
  });
}

/**
 * Replaces the whole text with `content` as one new change (one ProseMirror transaction, one Yjs
 * transaction): co-authors' later edits and everyone's history in the document stay. It is kept
 * out of this person's undo history, which is cleared: y-prosemirror's undo does not bring back
 * deleted paragraphs, so undoing a replacement would leave an empty text. Save what is replaced
 * first (e.g. as a version) — that is the way back.
 */
export function replaceContent(editor: Editor, content: JSONContent): boolean {
  const replaced = editor
    .chain()
    .command(({ tr }) => {
      tr.setMeta('addToHistory', false);
      return true;
    })
    .setContent(content, { emitUpdate: true })
    .run();
  if (replaced) undoManagerOf(editor)?.clear();
  return replaced;
}

function undoManagerOf(editor: Editor): { clear(): void } | undefined {
  const state: unknown = yUndoPluginKey.getState(editor.state);
  if (typeof state !== 'object' || state === null || !('undoManager' in state)) return undefined;
  return (state.undoManager ?? undefined) as { clear(): void } | undefined;
}

export type { Editor, JSONContent };
