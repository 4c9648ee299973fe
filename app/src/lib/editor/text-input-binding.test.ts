import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editTextField, readTextField, textField, type TextField } from '@branchbook/model';
import { TextInputBinding, type BoundText, type InputLike } from './text-input-binding.ts';

/** An `<input>` enough for the binding: value, selection, events, focus. */
class FakeInput implements InputLike {
  value = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  selectionDirection: string | null = 'none';
  readonly ownerDocument = { activeElement: this as unknown };
  #listeners = new Map<string, Set<(event: Event) => void>>();

  setSelectionRange(start: number, end: number): void {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type)?.add(listener);
  }
  removeEventListener(type: string, listener: (event: Event) => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
  dispatch(type: string, init: { isComposing?: boolean } = {}): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(init as unknown as Event);
  }
  /** Types `text` at the caret (replacing the selection), as the browser does, then `input`. */
  type(text: string, { composing = false } = {}): void {
    const start = this.selectionStart ?? 0;
    const end = this.selectionEnd ?? start;
    this.value = this.value.slice(0, start) + text + this.value.slice(end);
    this.setSelectionRange(start + text.length, start + text.length);
    this.dispatch('input', { isComposing: composing });
  }
  backspace(): void {
    const at = this.selectionStart ?? 0;
    this.value = this.value.slice(0, at - 1) + this.value.slice(at);
    this.setSelectionRange(at - 1, at - 1);
    this.dispatch('input');
  }
  listenerCount(): number {
    return [...this.#listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

function bound(field: TextField): BoundText {
  return {
    text: field.text,
    read: () => readTextField(field),
    edit: (change, origin) => editTextField(field, change, origin),
  };
}

function setup(legacy = '') {
  const doc = new Y.Doc();
  doc.getMap('plan').set('theme', legacy);
  const field = textField(doc, 'text:theme', () => doc.getMap('plan').get('theme'));
  const input = new FakeInput();
  const binding = new TextInputBinding(input, bound(field));
  // Another device: edits arrive as updates, with a remote origin.
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
  const remoteField = textField(remote, 'text:theme', () => remote.getMap('plan').get('theme'));
  const fromRemote = (fn: () => void) => {
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)));
    const before = Y.encodeStateVector(remote);
    fn();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, before), 'remote');
  };
  return { doc, field, input, binding, remoteField, fromRemote };
}

describe('TextInputBinding', () => {
  it('shows the field and writes each keystroke as one change', () => {
    const { doc, input, field } = setup('主题');
    expect(input.value).toBe('主题');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    input.setSelectionRange(0, 0);
    input.type('联');
    input.type('学');
    expect(readTextField(field)).toBe('联学主题');
    // Converting the legacy value, then one update per keystroke.
    expect(updates.length).toBeLessThanOrEqual(3);
    input.setSelectionRange(4, 4);
    input.backspace();
    expect(readTextField(field)).toBe('联学主');
  });

  it('keeps the caret in place when text is inserted after it elsewhere', () => {
    const { input, remoteField, fromRemote } = setup('主题党日');
    input.setSelectionRange(2, 2);
    input.type('活动');
    expect(input.selectionStart).toBe(4);
    fromRemote(() => editTextField(remoteField, { index: 6, remove: 0, insert: '（文物局）' }));
    expect(input.value).toBe('主题活动党日（文物局）');
    expect([input.selectionStart, input.selectionEnd]).toEqual([4, 4]);
  });

  it('moves the caret and selection by what was inserted before them elsewhere', () => {
    const { input, remoteField, fromRemote } = setup('主题党日');
    input.type('！'); // converts the field; caret at 1 after typing at 0
    input.setSelectionRange(3, 5);
    fromRemote(() => editTextField(remoteField, { index: 0, remove: 0, insert: '联学：' }));
    expect(input.value).toBe('联学：！主题党日');
    expect([input.selectionStart, input.selectionEnd]).toEqual([6, 8]);
    // Deleting around the caret collapses it onto the deletion.
    input.setSelectionRange(5, 5);
    fromRemote(() => editTextField(remoteField, { index: 3, remove: 3, insert: '' }));
    expect(input.value).toBe('联学：党日');
    expect(input.selectionStart).toBe(3);
  });

  it('carries the caret through the first remote write of a legacy field (no jump by the seed)', () => {
    const { input, remoteField, fromRemote } = setup('主题');
    input.setSelectionRange(1, 1);
    fromRemote(() => editTextField(remoteField, { index: 2, remove: 0, insert: '（文物局）' }));
    expect(input.value).toBe('主题（文物局）');
    expect(input.selectionStart).toBe(1);
  });

  it('never replaces the value while an IME composes, and rebases the composed text after', () => {
    const { input, field, remoteField, fromRemote } = setup('主题');
    input.setSelectionRange(0, 0);
    input.dispatch('compositionstart');
    input.type('lian', { composing: true });
    expect(readTextField(field)).toBe('主题');
    fromRemote(() => editTextField(remoteField, { index: 2, remove: 0, insert: '（文物局）' }));
    // The composition is left alone.
    expect(input.value).toBe('lian主题');
    input.value = '联学：主题';
    input.setSelectionRange(3, 3);
    input.dispatch('compositionend');
    expect(readTextField(field)).toBe('联学：主题（文物局）');
    expect(input.value).toBe('联学：主题（文物局）');
    expect(input.selectionStart).toBe(3);
  });

  it('rebases composed text over a remote insert before it', () => {
    const { input, field, remoteField, fromRemote } = setup('主题');
    input.type('x'); // convert: 'x主题'
    input.setSelectionRange(3, 3);
    input.dispatch('compositionstart');
    input.type('hd', { composing: true });
    fromRemote(() => editTextField(remoteField, { index: 0, remove: 0, insert: '联学：' }));
    input.value = 'x主题活动';
    input.setSelectionRange(5, 5);
    input.dispatch('compositionend');
    expect(readTextField(field)).toBe('联学：x主题活动');
    expect(input.value).toBe('联学：x主题活动');
    expect(input.selectionStart).toBe(8);
  });

  it('shows the stored value again and reports when a write is refused', () => {
    const doc = new Y.Doc();
    const field = textField(doc, 'text:theme', () => '只读');
    const errors: unknown[] = [];
    const input = new FakeInput();
    new TextInputBinding(
      input,
      {
        ...bound(field),
        edit: () => {
          throw new Error('read-only');
        },
      },
      { onerror: (e) => errors.push(e) },
    );
    input.setSelectionRange(2, 2);
    input.type('！');
    expect(input.value).toBe('只读');
    expect(errors).toHaveLength(1);
  });

  it('follows a legacy string changed elsewhere on refresh, and lets go on destroy', () => {
    const { doc, input, binding } = setup('主题');
    doc.getMap('plan').set('theme', '主题党日');
    binding.refresh();
    expect(input.value).toBe('主题党日');
    binding.destroy();
    expect(input.listenerCount()).toBe(0);
  });
});
