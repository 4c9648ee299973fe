import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const appRoot = fileURLToPath(new URL('..', import.meta.url));

// `pnpm -F @branchbook/app bench:binder`: the app's benchmarks, run as scripts (they print what
// they measure). Not in the test suite: the root and app configs include only src/**/*.test.ts.
export default defineConfig({
  root: appRoot,
  plugins: [svelte()],
  resolve: { alias: { $lib: `${appRoot}src/lib` } },
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 600_000,
  },
});
