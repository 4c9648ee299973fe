import type { Action } from 'svelte/action';
import {
  TextInputBinding,
  type BoundText,
  type TextInputBindingOptions,
} from './text-input-binding.ts';

export interface TextInputParams extends TextInputBindingOptions {
  field: BoundText;
  /**
   * The field's value as the view reads it: passing it re-reads the field when it changes, for
   * changes the shared text does not announce (the older plain string).
   */
  value: string;
}

/**
 * `<input use:textInput={{ field, value }}>`: the input edits the shared text character-wise (see
 * `TextInputBinding`); do not also set `value=` on it, the binding owns the input's value.
 */
export const textInput: Action<HTMLInputElement, TextInputParams> = (node, params) => {
  const binding = new TextInputBinding(node, params.field, params);
  return {
    update(next: TextInputParams) {
      binding.setField(next.field, next);
      binding.refresh();
    },
    destroy() {
      binding.destroy();
    },
  };
};
