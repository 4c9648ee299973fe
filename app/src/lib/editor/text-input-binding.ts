import {
  changeToDelta,
  isTextWritten,
  mapIndexThroughDelta,
  rebaseChange,
  textDiff,
  type TextChange,
  type TextDelta,
} from '@branchbook/model';
import type * as Y from 'yjs';

/**
 * Binds a one-line `<input>` to a shared text (`Y.Text`) so that two people typing into the same
 * field merge character by character instead of one replacing the other:
 *
 * - typing here: the input's new value is compared with what it showed (common prefix and suffix,
 *   `textDiff`), and that one change is applied to the shared text in one transaction whose origin
 *   is this binding;
 * - typing elsewhere: the input's value is replaced and the caret and selection are carried
 *   through the change (text inserted before the caret moves it, text after does not);
 * - IME composition (拼音): while composing, nothing is written and the value is never replaced
 *   (that would cancel the composition). Remote changes that arrive meanwhile are kept, and when
 *   the composition ends the typed change is rebased over them before it is applied.
 */

/** The part of an `<input>` the binding uses (so it can be tested without a DOM). */
export interface InputLike {
  value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
  readonly selectionDirection?: string | null;
  setSelectionRange(start: number, end: number, direction?: 'forward' | 'backward' | 'none'): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  readonly ownerDocument?: { readonly activeElement: unknown } | null;
}

/** A field as the binding sees it: its value, its shared text, and how to write a change. */
export interface BoundText {
  /** The current value: the shared text, or the field's older plain string before it is written. */
  read(): string;
  /** Observed for changes made elsewhere. */
  readonly text: Y.Text;
  /** Applies a change typed here in one transaction with `origin`; throws when refused. */
  edit(change: TextChange, origin: object): void;
}

export interface TextInputBindingOptions {
  /** A write was refused (e.g. the plan became read-only); the input shows the stored value again. */
  onerror?: (error: unknown) => void;
  /** After each change typed here was applied, with the new value. */
  onedit?: (value: string) => void;
}

export class TextInputBinding {
  readonly #input: InputLike;
  #field: BoundText;
  #options: TextInputBindingOptions;
  /** Identifies this binding's own transactions. */
  readonly #origin = {};
  /** What the input showed when it last agreed with the field. */
  #shown: string;
  /** The field's value as of the last change seen (the base of the next remote delta). */
  #model: string;
  /** Whether `#model` came from the shared text (else from the legacy string). */
  #modelFromText: boolean;
  #composing = false;
  /** Remote changes received while composing, each relative to the one before. */
  #pending: TextDelta[] = [];
  #unobserve: () => void = () => {};

  constructor(input: InputLike, field: BoundText, options: TextInputBindingOptions = {}) {
    this.#input = input;
    this.#field = field;
    this.#options = options;
    this.#model = field.read();
    this.#modelFromText = isTextWritten(field.text);
    this.#shown = this.#model;
    input.value = this.#model;
    input.addEventListener('input', this.#onInput);
    input.addEventListener('compositionstart', this.#onCompositionStart);
    input.addEventListener('compositionend', this.#onCompositionEnd);
    this.#observe();
  }

  /** Binds to another field (or the same field's newer accessors), keeping the input. */
  setField(field: BoundText, options: TextInputBindingOptions = this.#options): void {
    this.#options = options;
    if (field.text === this.#field.text) {
      this.#field = field;
      return;
    }
    this.#unobserve();
    this.#field = field;
    this.#pending = [];
    this.#model = field.read();
    this.#modelFromText = isTextWritten(field.text);
    if (!this.#composing)
      this.#show(this.#model, [changeToDelta(diffOrNone(this.#shown, this.#model))]);
    this.#observe();
  }

  /**
   * Re-reads the field: for changes the shared text does not announce (the older plain string,
   * written by an app from before, or carried in from another plan).
   */
  refresh(): void {
    const value = this.#field.read();
    if (value === this.#model) return;
    const delta = changeToDelta(diffOrNone(this.#model, value));
    this.#model = value;
    this.#modelFromText = isTextWritten(this.#field.text);
    if (this.#composing) this.#pending.push(delta);
    else this.#show(value, [delta]);
  }

  destroy(): void {
    this.#unobserve();
    this.#input.removeEventListener('input', this.#onInput);
    this.#input.removeEventListener('compositionstart', this.#onCompositionStart);
    this.#input.removeEventListener('compositionend', this.#onCompositionEnd);
  }

  #observe(): void {
    const text = this.#field.text;
    const handler = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === this.#origin) return;
      this.#remote(event.delta as TextDelta);
    };
    text.observe(handler);
    this.#unobserve = () => text.unobserve(handler);
  }

  #remote(textDelta: TextDelta): void {
    const value = this.#field.read();
    // Until the text was first written the input showed the plain string; the first write (the
    // seed) is then no insert of new text but the same value, so compare values instead.
    const delta = this.#modelFromText ? textDelta : changeToDelta(diffOrNone(this.#model, value));
    this.#model = value;
    this.#modelFromText = isTextWritten(this.#field.text);
    if (this.#composing) this.#pending.push(delta);
    else this.#show(value, [delta]);
  }

  /** Shows `value`, carrying the selection through `deltas` (the changes since what was shown). */
  #show(value: string, deltas: readonly TextDelta[]): void {
    const input = this.#input;
    if (input.value === value) {
      this.#shown = value;
      return;
    }
    const focused = this.#focused();
    const start = input.selectionStart ?? 0;
    const end = input.selectionEnd ?? start;
    input.value = value;
    this.#shown = value;
    if (focused) {
      const collapsed = start === end;
      const map = (index: number) =>
        deltas.reduce((at, delta) => mapIndexThroughDelta(at, delta), index);
      const newStart = map(start);
      const newEnd = collapsed ? newStart : map(end);
      input.setSelectionRange(newStart, newEnd, directionOf(input));
    }
  }

  #focused(): boolean {
    const doc = this.#input.ownerDocument;
    return !doc || doc.activeElement === this.#input;
  }

  #onInput = (event: Event) => {
    if (this.#composing || (event as InputEvent).isComposing) return;
    this.#commit();
  };

  #onCompositionStart = () => {
    this.#composing = true;
  };

  #onCompositionEnd = () => {
    this.#composing = false;
    this.#commit();
  };

  /** Applies what was typed since the input last agreed with the field. */
  #commit(): void {
    const input = this.#input;
    const typed = input.value;
    const caret = input.selectionEnd ?? typed.length;
    const change = textDiff(this.#shown, typed, caret);
    const pending = this.#pending;
    this.#pending = [];
    if (!change) {
      // Nothing typed (e.g. a composition cancelled): show what arrived meanwhile.
      this.#show(this.#model, pending);
      return;
    }
    const rebased = pending.reduce(rebaseChange, change);
    try {
      this.#field.edit(rebased, this.#origin);
    } catch (error) {
      this.#model = this.#field.read();
      this.#shown = typed;
      this.#show(this.#model, [changeToDelta(diffOrNone(typed, this.#model))]);
      this.#options.onerror?.(error);
      return;
    }
    const value = this.#field.read();
    this.#model = value;
    this.#modelFromText = isTextWritten(this.#field.text);
    this.#shown = typed;
    if (value !== typed) {
      // Remote text arrived during the composition: show it, the caret after what was typed.
      input.value = value;
      this.#shown = value;
      if (this.#focused()) {
        const at = Math.min(value.length, rebased.index + rebased.insert.length);
        input.setSelectionRange(at, at);
      }
    }
    this.#options.onedit?.(value);
  }
}

function diffOrNone(before: string, after: string): TextChange {
  return textDiff(before, after) ?? { index: 0, remove: 0, insert: '' };
}

function directionOf(input: InputLike): 'forward' | 'backward' | 'none' {
  const direction = input.selectionDirection;
  return direction === 'forward' || direction === 'backward' ? direction : 'none';
}
