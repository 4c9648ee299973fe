import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const appRoot = fileURLToPath(new URL('.', import.meta.url));

// SvelteKit's plugin reads its config from the working directory, but the root vitest config runs
// this project from the workspace root. Unit tests need only the Svelte compiler (for `.svelte.ts`
// rune modules) and the `$lib` alias, so under vitest those replace the SvelteKit plugin.
const underVitest = process.env.VITEST !== undefined;

export default defineConfig({
  ...(underVitest
    ? { root: appRoot, plugins: [svelte()], resolve: { alias: { $lib: `${appRoot}src/lib` } } }
    : { plugins: [sveltekit()] }),
  test: {
    name: 'app',
    root: appRoot,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
