import { defineConfig } from 'vitest/config';

/**
 * The vitest projects that span the workspace: `pnpm test:unit` (or `vitest run`) at the root runs
 * them all; each workspace's own `test` script runs its project alone.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'model',
          root: './packages/model',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'sync-server',
          root: './sync-server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          // --expose-gc: the memory test measures the heap after a real collection.
          execArgv: ['--expose-gc'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      './app/vite.config.ts',
    ],
  },
});
