import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toasts } from './undo-toast.svelte.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('Toasts', () => {
  it('runs the offered action once and goes away', () => {
    const toasts = new Toasts();
    const undo = vi.fn();
    toasts.show('已删除', { label: '撤销', run: undo });
    expect(toasts.current?.text).toBe('已删除');
    toasts.run();
    toasts.run();
    expect(undo).toHaveBeenCalledTimes(1);
    expect(toasts.current).toBeNull();
  });

  it('shows one message at a time and leaves after a while', () => {
    vi.useFakeTimers();
    const toasts = new Toasts();
    toasts.show('first');
    toasts.show('second');
    expect(toasts.current?.text).toBe('second');
    vi.advanceTimersByTime(10_000);
    expect(toasts.current).toBeNull();
  });

  it('ignores a late dismissal of an earlier message', () => {
    const toasts = new Toasts();
    toasts.show('first');
    const firstId = toasts.current?.id;
    toasts.show('second');
    toasts.dismiss(firstId);
    expect(toasts.current?.text).toBe('second');
  });
});
