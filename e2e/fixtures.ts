import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** Journeys run against the server global-setup started; `baseURL` comes from it. */
export const test = base.extend({
  // Playwright reads the destructured names to know the dependencies; browserName is harmless.
  baseURL: async ({ browserName: _ }, use) => {
    const url = process.env.BRANCHBOOK_URL;
    if (!url) throw new Error('BRANCHBOOK_URL is not set: run through playwright.config.ts');
    await use(url);
  },
});

/** Waits until a service worker controls the page, time-boxed: a failing worker never gets ready. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** Pins the device user of a fresh context, so two contexts open the same study log. */
export async function useDeviceUser(page: Page, userId: string): Promise<void> {
  await page.addInitScript((id) => localStorage.setItem('branchbook.userId', id), userId);
}
