import { createContext } from 'svelte';

export interface ToastMessage {
  id: number;
  text: string;
  /** The action the toast offers (e.g. undo a delete); dismisses the toast when run. */
  action?: { label: string; run: () => void };
}

/** How long a toast stays: long enough to read it and reach "undo" on a phone. */
const TOAST_MS = 10_000;

/**
 * One short message at a time at the bottom of the screen, e.g. "已删除 · 撤销". Lives in a layout
 * so it survives the navigation that follows the action (deleting from the edit view returns to
 * the list).
 */
export class Toasts {
  current: ToastMessage | null = $state(null);
  #nextId = 1;
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string, action?: ToastMessage['action']): void {
    clearTimeout(this.#timer);
    const toast: ToastMessage = { id: this.#nextId++, text, ...(action ? { action } : {}) };
    this.current = toast;
    this.#timer = setTimeout(() => this.dismiss(toast.id), TOAST_MS);
  }

  run(): void {
    const toast = this.current;
    if (!toast?.action) return;
    this.dismiss(toast.id);
    toast.action.run();
  }

  dismiss(id?: number): void {
    if (id !== undefined && this.current?.id !== id) return;
    clearTimeout(this.#timer);
    this.current = null;
  }
}

const [getToasts, setToasts] = createContext<Toasts>();
export { getToasts, setToasts };
