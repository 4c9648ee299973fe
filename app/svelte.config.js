import { execSync } from 'node:child_process';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The commit names the build: the service worker revisions its precache with it, so an unchanged
 * deploy re-downloads nothing and a new one is picked up as an update.
 */
function buildVersion() {
  try {
    return execSync('git rev-parse HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return `t${Date.now()}`;
  }
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: the sync server serves build/ and falls back to index.html for any path.
    // Precompressed (.br, .gz beside each file): the server sends the smallest the browser takes —
    // at a camp with one bar of signal, the first load is a third of the bytes.
    adapter: adapter({
      pages: 'build',
      assets: 'build',
      fallback: 'index.html',
      strict: true,
      precompress: true,
    }),
    version: { name: buildVersion() },
    // Registered by the app itself, so it can offer "update available" instead of swapping silently.
    serviceWorker: { register: false },
    // Absolute asset URLs: the same index.html answers /, /study and /plans/x.
    paths: { relative: false },
  },
};

export default config;
