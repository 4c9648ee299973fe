/// <reference types="@sveltejs/kit" />
import { base, build, files, version } from '$service-worker';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** The app shell every navigation falls back to; adapter-static writes it, $service-worker omits it. */
const SHELL = `${base}/index.html`;

// Everything the app needs offline: Vite's output, the static folder and the shell. Files under
// /_app/immutable/ carry a content hash in their name, so they need no revision and survive
// deploys that did not change them; the rest are revisioned by the build version (the commit).
precacheAndRoute(
  [...build, ...files, SHELL].map((url) => ({
    url,
    revision: url.includes('/_app/immutable/') ? null : version,
  })),
);
cleanupOutdatedCaches();

// Any in-app path (/study, /plans/x) opens the shell; the server's own endpoints do not.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL(SHELL), {
    denylist: [/^\/sync(\/|$)/, /^\/api(\/|$)/, /^\/healthz$/, /^\/metrics$/],
  }),
);

sw.addEventListener('install', () => {
  // First install: nothing to replace, so take over at once — otherwise the first visit is not
  // controlled and going offline right after it would fail. Updates wait for the member's choice.
  if (!sw.registration.active) void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(sw.clients.claim());
});

sw.addEventListener('message', (event) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'SKIP_WAITING') {
    void sw.skipWaiting();
  }
});
