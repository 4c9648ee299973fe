import { describe, expect, it } from 'vitest';
import { ExportTask } from './export-task.svelte.ts';

describe('ExportTask', () => {
  it('is busy while the work runs, and keeps why it failed', async () => {
    const task = new ExportTask();
    let finish = () => {};
    const run = task.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(task.running).toBe(true);
    // A second press while it runs does nothing.
    let second = false;
    expect(
      await task.run(async () => {
        second = true;
      }),
    ).toBeNull();
    expect(second).toBe(false);
    finish();
    expect(await run).toBeNull();
    expect(task.running).toBe(false);

    expect(
      await task.run(async () => {
        throw new Error('磁盘已满');
      }),
    ).toBe('磁盘已满');
    expect(task.error).toBe('磁盘已满');
    expect(task.running).toBe(false);
    // The next run starts clean.
    await task.run(async () => {});
    expect(task.error).toBeNull();
  });
});
