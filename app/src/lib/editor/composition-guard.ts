import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
  type ProsemirrorBinding,
} from '@tiptap/y-tiptap';
import { compositionChange } from './composition-change.ts';

/**
 * Keeps input-method composition (拼音 → 汉字) whole while co-authors edit the same paragraph.
 *
 * y-prosemirror mirrors every ProseMirror change into Yjs and every Yjs change into ProseMirror at
 * once. During a composition both directions hurt: the half-typed pinyin ("zh", "zhong") is sent
 * to everyone, and a co-author's change redraws the paragraph under the input method, which then
 * commits its text in the wrong place and leaves the pinyin behind. So while the member composes,
 * the binding is paused — like a short offline spell. When the composition ends, the committed
 * text is applied to the document as it is then (with everything co-authors wrote meanwhile) at
 * the place it was typed, found through Yjs relative positions taken when the composition began.
 */
export const CompositionGuard = Extension.create({
  name: 'compositionGuard',

  addProseMirrorPlugins() {
    let composition: Composition | null = null;
    let finishTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = (view: EditorView) => {
      clearTimeout(finishTimer);
      const current = composition;
      composition = null;
      if (current) current.finish(view);
    };

    return [
      new Plugin({
        key: new PluginKey('compositionGuard'),
        props: {
          handleDOMEvents: {
            compositionstart: (view) => {
              // A new composition right after one ended: settle the last one first.
              finish(view);
              const binding = bindingOf(view);
              if (binding) composition = Composition.begin(view, binding);
              return false;
            },
            compositionend: (view) => {
              // ProseMirror reads the committed text in a microtask after this event; settle after it.
              clearTimeout(finishTimer);
              finishTimer = setTimeout(() => finish(view), 0);
              return false;
            },
          },
        },
        view: () => ({
          destroy: () => {
            clearTimeout(finishTimer);
            composition?.abandon();
            composition = null;
          },
        }),
      }),
    ];
  },
});

function bindingOf(view: EditorView): ProsemirrorBinding | undefined {
  const state: unknown = ySyncPluginKey.getState(view.state);
  if (typeof state !== 'object' || state === null || !('binding' in state)) return undefined;
  return (state.binding ?? undefined) as ProsemirrorBinding | undefined;
}

type RelativePosition = ReturnType<typeof absolutePositionToRelativePosition>;
type Mutex = ProsemirrorBinding['mux'];

class Composition {
  #remoteChanged = false;

  private constructor(
    private readonly binding: ProsemirrorBinding,
    private readonly before: PMNode,
    private readonly blockStart: number,
    /** Yjs positions of every place in the text block where the composition began. */
    private readonly positions: RelativePosition[],
    private readonly mutex: Mutex,
  ) {}

  static begin(view: EditorView, binding: ProsemirrorBinding): Composition | null {
    const { $from, $to } = view.state.selection;
    if (!$from.parent.isTextblock || !$from.sameParent($to)) return null;
    const blockStart = $from.start();
    const positions: RelativePosition[] = [];
    for (let pos = blockStart; pos <= $from.end(); pos++) {
      positions.push(absolutePositionToRelativePosition(pos, binding.type, binding.mapping));
    }
    const mutex = binding.mux;
    const composition = new Composition(binding, view.state.doc, blockStart, positions, mutex);
    // While composing, neither direction runs: what y-prosemirror would do is skipped, and a
    // skipped Yjs → ProseMirror render is remembered so the document is redrawn at the end.
    binding.mux = (_run, otherwise) => {
      composition.#remoteChanged = true;
      otherwise?.();
    };
    return composition;
  }

  /** Restores the binding without applying anything (the editor is being destroyed). */
  abandon(): void {
    this.binding.mux = this.mutex;
  }

  finish(view: EditorView): void {
    const { binding } = this;
    binding.mux = this.mutex;
    const after = view.state.doc;
    if (!this.#remoteChanged) {
      // Nobody else changed anything: mirror the result as y-prosemirror would have.
      this.#writeThrough(after);
      return;
    }
    const change = compositionChange(this.before, after);
    const blockEnd = this.blockStart + this.positions.length - 1;
    const from = change && this.positions[change.start - this.blockStart];
    const to = change && this.positions[change.endBefore - this.blockStart];
    // Show what co-authors wrote meanwhile: ProseMirror becomes the Yjs document again.
    binding._forceRerender();
    if (!change) return;
    if (!from || !to || change.start < this.blockStart || change.endBefore > blockEnd) {
      // The change left the text block (not something an input method does): keep the text.
      const { from: head } = view.state.selection;
      view.dispatch(view.state.tr.insert(head, after.slice(change.start, change.endAfter).content));
      return;
    }
    const start = relativePositionToAbsolutePosition(
      binding.doc,
      binding.type,
      from,
      binding.mapping,
    );
    const end = relativePositionToAbsolutePosition(binding.doc, binding.type, to, binding.mapping);
    if (start === null || end === null) return;
    const slice = after.slice(change.start, change.endAfter);
    const tr = view.state.tr.replace(start, Math.max(start, end), slice);
    tr.setSelection(TextSelection.near(tr.doc.resolve(start + slice.size)));
    view.dispatch(tr);
  }

  #writeThrough(doc: PMNode): void {
    const { binding } = this;
    binding.mux(() => {
      binding.doc.transact(() => binding._prosemirrorChanged(doc), ySyncPluginKey);
    });
  }
}
