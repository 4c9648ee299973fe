import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const appRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: appRoot,
  // SvelteKit's plugin reads its config from the working directory, and the root vitest config
  // runs this project from the workspace root; unit tests need only the Svelte compiler (for
  // `.svelte.ts` rune modules) and the `$lib` alias.
  plugins: process.env.VITEST ? [svelte()] : [sveltekit()],
  resolve: process.env.VITEST ? { alias: { $lib: `${appRoot}src/lib` } } : {},
  test: {
    name: 'app',
    root: appRoot,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
